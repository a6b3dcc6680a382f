/** How many independent writes the pipeline keeps in flight against the API server. */
export const API_CONCURRENCY = 8;
