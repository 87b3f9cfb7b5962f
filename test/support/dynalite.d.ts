// dynalite ships no types: the part of its API the tests use.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** How long tables stay CREATING / DELETING / UPDATING (default 500 ms). */
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    /** A LevelDB directory; in memory when absent. */
    path?: string;
    maxItemSizeKb?: number;
  }

  /** A DynamoDB-compatible HTTP server (not listening yet). */
  function dynalite(options?: DynaliteOptions): Server;
  export default dynalite;
}
