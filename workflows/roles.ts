/** Who may act in the system (DOMAIN.md §1). The API names are the public vocabulary. */
export const ROLES = [
  'prosecutor', // 承办检察官
  'department_head', // 部门负责人
  'chief_prosecutor', // 检察长
  'upper_procuratorate', // 上一级院
  'supervisor', // 案件管理 / 上级院监督: reads everything, changes nothing
  'public', // 社会公众
  'system', // deadline jobs and other automatic events
] as const;
export type Role = (typeof ROLES)[number];

export const TRACKS = [
  'administrative', // 行政公益诉讼
  'civil', // 民事公益诉讼
  'criminal_incidental', // 刑事附带民事公益诉讼
] as const;
export type Track = (typeof TRACKS)[number];

/** How a closed case ended (DOMAIN.md §4). */
export const OUTCOMES = [
  'declined', // 不立案
  'transferred', // 移送
  'terminated', // 终结
  'withdrawn', // 撤回起诉
  'judgment_final', // 判决生效, nothing to enforce
  'judgment_enforced', // 执行完毕
  'settled', // 调解/和解结案
  'plaintiff_case_concluded', // 支持起诉的案件审结
] as const;
export type Outcome = (typeof OUTCOMES)[number];
