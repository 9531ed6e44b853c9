/** Pack type codes; loose objects use the names. */
export const OBJ_COMMIT = 1;
export const OBJ_TREE = 2;
export const OBJ_BLOB = 3;
export const OBJ_TAG = 4;
export const OBJ_OFS_DELTA = 6;
export const OBJ_REF_DELTA = 7;

export type ObjectTypeName = 'commit' | 'tree' | 'blob' | 'tag';

export const TYPE_NAMES: Record<number, ObjectTypeName> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
export const TYPE_CODES: Record<ObjectTypeName, number> = { commit: 1, tree: 2, blob: 3, tag: 4 };
