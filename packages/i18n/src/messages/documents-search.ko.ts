// Messages of the documents-search area. Keys start with "documents.search." ; the English file must match.
export const documentsSearchKo = {
  "documents.search.title": "문서 검색",
  "documents.search.form": "문서 검색",
  "documents.search.query": "검색어",
  "documents.search.queryHint":
    "볼 수 있는 문서의 제목과 본문에서 찾습니다. 낱말을 띄어 쓰면 모두 들어 있는 문서를, 큰따옴표로 묶으면 그 구절을 찾습니다. {max}자까지 입력할 수 있습니다.",
  "documents.search.submit": "검색",
  "documents.search.count": "‘{query}’ 검색 결과 {count}건",
  "documents.search.none": "‘{query}’이(가) 들어 있는 문서가 없습니다. 다른 검색어로 찾아보세요.",
  "documents.search.results": "검색 결과",
  "documents.search.untitled": "제목 없음",
  "documents.search.owner": "소유자",
  "documents.search.updated": "수정",
  "documents.search.paging": "검색 결과 쪽",
  "documents.search.previous": "이전 쪽",
  "documents.search.next": "다음 쪽",
  "documents.search.page": "{page}/{pages}쪽",
  "documents.search.capped": "결과가 많아 앞의 {shown}건만 보여 드립니다. 검색어를 더 넣어 좁혀 보세요.",
  "documents.search.error.empty": "검색어를 입력해 주세요.",
  "documents.search.error.tooLong": "검색어는 {max}자 이하로 입력해 주세요.",
  "documents.search.error.tooManyTerms": "검색어는 {terms}개까지 넣을 수 있습니다.",
  "documents.search.error.noLetters": "검색어마다 글자나 숫자가 하나 이상 있어야 합니다.",
} as const;
