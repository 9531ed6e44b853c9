import { useEffect, useState } from 'react';
import type { HiddenQuestion, PromptBridge } from './prompt-bridge.js';

/** The hidden-input question the runner is waiting on, if any. */
export function useHiddenPrompt(bridge: PromptBridge | undefined): HiddenQuestion | null {
  const [question, setQuestion] = useState<HiddenQuestion | null>(() => bridge?.pending() ?? null);
  useEffect(() => {
    if (!bridge) return undefined;
    setQuestion(bridge.pending());
    return bridge.listen(setQuestion);
  }, [bridge]);
  return question;
}
