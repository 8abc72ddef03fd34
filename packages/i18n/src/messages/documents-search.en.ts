// Messages of the documents-search area. Keys start with "documents.search." ; the English file must match.
export const documentsSearchEn = {
  "documents.search.title": "Search documents",
  "documents.search.form": "Search documents",
  "documents.search.query": "Search for",
  "documents.search.queryHint":
    "Searches the titles and text of the documents you can open. Words separated by spaces must all appear; put a phrase in double quotes to find it as written. Up to {max} characters.",
  "documents.search.submit": "Search",
  "documents.search.count": "{count} results for ‘{query}’",
  "documents.search.none": "No document contains ‘{query}’. Try other words.",
  "documents.search.results": "Search results",
  "documents.search.untitled": "Untitled",
  "documents.search.owner": "Owner",
  "documents.search.updated": "Updated",
  "documents.search.paging": "Result pages",
  "documents.search.previous": "Previous page",
  "documents.search.next": "Next page",
  "documents.search.page": "Page {page} of {pages}",
  "documents.search.capped":
    "There are many results; only the first {shown} are shown. Add words to narrow the search.",
  "documents.search.error.empty": "Enter something to search for.",
  "documents.search.error.tooLong": "Use at most {max} characters.",
  "documents.search.error.tooManyTerms": "Use at most {terms} words.",
  "documents.search.error.noLetters": "Each word needs at least one letter or digit.",
} as const;
