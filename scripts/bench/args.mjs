// The few flags both bench scripts take; unknown flags are an error, not silently ignored.

export function parseArgs(argv, spec) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = arg.replace(/^--/, '');
    const kind = spec[name];
    if (!arg.startsWith('--') || !kind) throw new Error(`unknown option ${arg} (known: ${Object.keys(spec).map((k) => `--${k}`).join(' ')})`);
    if (kind === 'boolean') {
      options[name] = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${arg} needs a value`);
    if (kind === 'number') {
      const number = Number(value);
      if (!Number.isInteger(number) || number <= 0) throw new Error(`${arg} needs a positive integer`);
      options[name] = number;
    } else {
      options[name] = value;
    }
  }
  return options;
}
