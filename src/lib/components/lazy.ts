/**
 * Loaders of the board page's parts the first frame does not draw: each is fetched the first time
 * it opens (a dynamic import, its own chunk), so joining a board parses and runs less script.
 * The module system keeps each promise, so a second opening resolves at once.
 */

/** The facilitator's sharing dialog (links per role). */
export const loadShareDialog = () => import('./collab/ShareDialog.svelte');
/** The votes panel, shown in the voting phase and once votes are revealed. */
export const loadVotingPanel = () => import('./collab/VotingPanel.svelte');
/** The clustering assistant drawer (suggested groups and duplicates). */
export const loadSuggestPanel = () => import('./cluster/SuggestPanel.svelte');
/** The tasks drawer (publishing to a tracker, exports, webhooks). */
export const loadTasksPanel = () => import('./tasks/TasksPanel.svelte');
/** The keyboard shortcuts dialog (`?`). */
export const loadShortcutsDialog = () => import('./board/ShortcutsDialog.svelte');
/** The move-to-group dialog (`M` on a selection). */
export const loadMoveToGroupDialog = () => import('./board/MoveToGroupDialog.svelte');
