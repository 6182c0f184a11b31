export { buildMemberIndex, nearbyKeys, type MemberIndex } from './member-index.js';
export { matchRecord, type RecordMatch, type MatchMethod, type MatchOutcome } from './match-record.js';
export { matchDepartments, countMatches, type MatchedRecord, type MatchedSets, type FileMatchCounts } from './match-departments.js';
export { buildHouseholds, type Household, isMonitoring, isActiveMonitoring } from './households.js';
export { buildPersons, type SystemPerson } from './persons.js';
export { nameAgreement, tonelessPinyin, isHomophone, type NameAgreement } from './name-agreement.js';
