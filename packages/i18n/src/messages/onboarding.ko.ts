// Messages of the onboarding area. Keys start with "onboarding." ; the English file must match.
export const onboardingKo = {
  "onboarding.form.required": "(필수)",
  "onboarding.form.errorSummary": "입력 내용을 확인해 주세요. 고칠 항목이 {count}개 있습니다.",

  "onboarding.apply.metaTitle": "기관 가입 신청 — 누리",
  "onboarding.apply.heading": "기관 가입 신청",
  "onboarding.apply.lead":
    "기관이나 학교에서 누리를 쓰려면 가입을 신청해 주세요. 운영자가 확인해 승인하면 첫 관리자에게 계정 설정 안내가 갑니다.",
  "onboarding.apply.section.agency": "기관 정보",
  "onboarding.apply.section.contact": "신청 담당자",
  "onboarding.apply.section.admin": "첫 관리자",
  "onboarding.apply.section.admin.hint":
    "승인되면 이 사람이 기관의 관리자로 로그인해 부서와 사용자를 등록합니다.",
  "onboarding.apply.submit": "신청하기",
  "onboarding.apply.rateLimited": "이 주소에서 신청이 너무 많았습니다. 한 시간 뒤에 다시 신청해 주세요.",

  "onboarding.field.name": "기관명",
  "onboarding.field.kind": "기관 유형",
  "onboarding.field.agencyCode": "기관코드",
  "onboarding.field.agencyCode.hint": "행정표준코드 7자리 숫자입니다. 없으면 비워 두세요.",
  "onboarding.field.slug": "누리 주소",
  "onboarding.field.slug.hint":
    "영문 소문자, 숫자, 하이픈(-)으로 2~40자. 기관 주소가 /t/주소 형태로 만들어집니다.",
  "onboarding.field.contactName": "담당자 이름",
  "onboarding.field.contactEmail": "담당자 이메일",
  "onboarding.field.contactPhone": "담당자 전화번호",
  "onboarding.field.contactPhone.hint": "예: 02-123-4567, 010-1234-5678",
  "onboarding.field.adminName": "관리자 이름",
  "onboarding.field.adminLoginId": "관리자 로그인 아이디",
  "onboarding.field.adminLoginId.hint": "영문 소문자와 숫자, 점(.), 밑줄(_), 하이픈(-)으로 3~64자.",
  "onboarding.field.adminEmail": "관리자 이메일",
  "onboarding.field.adminEmail.hint": "계정 설정 링크를 이 주소로 보냅니다.",

  "onboarding.kind.agency": "기관",
  "onboarding.kind.school": "학교",

  "onboarding.error.required": "입력해 주세요.",
  "onboarding.error.tooLong50": "50자 이내로 입력해 주세요.",
  "onboarding.error.tooLong100": "100자 이내로 입력해 주세요.",
  "onboarding.error.email": "이메일 주소 형식이 올바르지 않습니다.",
  "onboarding.error.agencyCode": "기관코드는 숫자 7자리입니다.",
  "onboarding.error.kind": "기관 유형을 선택해 주세요.",
  "onboarding.error.slug":
    "영문 소문자, 숫자, 하이픈(-)으로 2~40자를 입력해 주세요. 처음과 끝에는 하이픈을 쓸 수 없습니다.",
  "onboarding.error.slugDigits": "숫자 7자리는 기관코드와 헷갈리므로 주소로 쓸 수 없습니다.",
  "onboarding.error.phone": "전화번호 형식이 올바르지 않습니다. 예: 02-123-4567, 010-1234-5678",
  "onboarding.error.loginId":
    "영문 소문자와 숫자, 점(.), 밑줄(_), 하이픈(-)으로 3~64자를 입력해 주세요. 처음과 끝은 영문이나 숫자여야 합니다.",
  "onboarding.error.slugTaken": "이미 사용 중인 주소입니다. 다른 주소를 입력해 주세요.",
  "onboarding.error.agencyCodeTaken": "이미 사용 중인 기관코드입니다. 기관코드를 확인해 주세요.",
  "onboarding.error.reasonRequired": "반려 사유를 입력해 주세요.",
  "onboarding.error.reasonTooLong": "반려 사유는 500자 이내로 입력해 주세요.",
  "onboarding.error.alreadyDecided": "이미 처리된 신청입니다. 화면을 새로 고쳐 결과를 확인해 주세요.",
  "onboarding.error.notFound": "신청을 찾을 수 없습니다.",
  "onboarding.error.unknownAction": "알 수 없는 요청입니다.",

  "onboarding.received.metaTitle": "신청 접수 완료 — 누리",
  "onboarding.received.heading": "가입 신청을 접수했습니다",
  "onboarding.received.body": "누리 운영자가 신청 내용을 확인합니다.",
  "onboarding.received.nextHeading": "다음 절차",
  "onboarding.received.step1": "운영자가 신청 내용을 검토해 승인하거나 반려합니다.",
  "onboarding.received.step2": "승인되면 첫 관리자에게 계정 설정 링크를 보냅니다.",
  "onboarding.received.step3": "관리자가 비밀번호를 정하고 로그인해 부서와 사용자를 등록합니다.",
  "onboarding.received.home": "첫 화면으로 가기",

  "onboarding.status.all": "전체",
  "onboarding.status.pending": "검토 대기",
  "onboarding.status.approved": "승인",
  "onboarding.status.rejected": "반려",

  "onboarding.platform.nav": "운영 콘솔",
  "onboarding.platform.consoleName": "누리 운영 콘솔",
  "onboarding.platform.signedInAs": "{name} 님",
  "onboarding.platform.signOut": "로그아웃",

  "onboarding.platform.signIn.metaTitle": "운영자 로그인 — 누리",
  "onboarding.platform.signIn.heading": "운영자 로그인",
  "onboarding.platform.signIn.lead":
    "누리 플랫폼 운영자 전용입니다. 기관 사용자는 소속 기관의 로그인 화면을 이용해 주세요.",
  "onboarding.platform.signIn.loginId": "운영자 아이디",
  "onboarding.platform.signIn.password": "비밀번호",
  "onboarding.platform.signIn.submit": "로그인",
  "onboarding.platform.signIn.missing": "아이디와 비밀번호를 입력해 주세요.",
  "onboarding.platform.signIn.failed":
    "로그인하지 못했습니다. 아이디와 비밀번호를 확인해 주세요. 여러 번 틀리면 15분 동안 로그인할 수 없습니다.",
  "onboarding.platform.signIn.rateLimited": "로그인 시도가 너무 많았습니다. 잠시 후 다시 시도해 주세요.",

  "onboarding.platform.list.metaTitle": "가입 신청 목록 — 누리 운영 콘솔",
  "onboarding.platform.list.heading": "가입 신청 목록",
  "onboarding.platform.list.filter": "처리 상태",
  "onboarding.platform.list.apply": "보기",
  "onboarding.platform.list.empty": "해당하는 신청이 없습니다.",
  "onboarding.platform.list.caption": "가입 신청 목록. 검토 대기 중인 신청이 먼저 나옵니다.",
  "onboarding.platform.list.received": "신청 일시",
  "onboarding.platform.list.status": "상태",
  "onboarding.platform.list.reason": "사유: {reason}",

  "onboarding.platform.detail.metaTitle": "가입 신청 — 누리 운영 콘솔",
  "onboarding.platform.detail.heading": "{name} 가입 신청",
  "onboarding.platform.detail.back": "신청 목록으로",
  "onboarding.platform.detail.none": "없음",
  "onboarding.platform.detail.decided": "처리",
  "onboarding.platform.detail.decidedBy": "{time}, {name}",
  "onboarding.platform.detail.reason": "반려 사유",
  "onboarding.platform.detail.approveHeading": "승인",
  "onboarding.platform.detail.approveHelp":
    "승인하면 기관이 열리고 기본 부서·직위·직급과 첫 관리자 계정이 만들어집니다.",
  "onboarding.platform.detail.approve": "승인하기",
  "onboarding.platform.detail.rejectHeading": "반려",
  "onboarding.platform.detail.reasonLabel": "반려 사유",
  "onboarding.platform.detail.reject": "반려하기",
  "onboarding.platform.detail.rejectedNotice": "신청을 반려했습니다.",

  "onboarding.platform.setup.heading": "승인했습니다: 첫 관리자 계정 설정 링크",
  "onboarding.platform.setup.mailed": "계정 설정 링크를 {email}(으)로 보냈습니다.",
  "onboarding.platform.setup.notMailed":
    "이 서버에는 메일 발송이 설정되어 있지 않아 {email}(으)로 메일이 실제로 발송되지 않았습니다. 아래 링크를 관리자에게 안전한 방법으로 직접 전달해 주세요. 메일 발송이 설정된 운영 환경에서는 이 링크가 관리자 이메일로 발송됩니다.",
  "onboarding.platform.setup.label": "계정 설정 링크",
  "onboarding.platform.setup.hint":
    "한 번만 쓸 수 있고 {time}까지 유효합니다. 이 화면을 벗어나면 다시 볼 수 없습니다.",

  "onboarding.mail.setupSubject": "[누리] {tenant} 관리자 계정 설정 안내",
  "onboarding.mail.setupBody":
    "{name} 님, 안녕하세요.\n\n{tenant}의 누리 가입 신청이 승인되었습니다. 아래 링크에서 비밀번호를 정하면 관리자로 로그인할 수 있습니다.\n\n{url}\n\n이 링크는 한 번만 쓸 수 있고 72시간 동안 유효합니다. 신청한 적이 없다면 이 메일을 무시해 주세요.",
} as const;
