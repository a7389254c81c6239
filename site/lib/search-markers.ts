/** Where the register's server puts a search's form and results in the search page (server/search-page.ts). */
export const SEARCH_CONTENT_START = '<!--zoekinhoud:begin-->';
/** The end of that part. */
export const SEARCH_CONTENT_END = '<!--zoekinhoud:einde-->';
