/** The outside checks in table order: id → column title in the summary. */
export const CHECK_TITLES = {
  'repo-access': 'repository',
  'runner-visibility': 'runners visible',
  capacity: 'capacity',
  'recent-jobs': 'recent jobs',
  'workflow-labels': 'workflows use label',
} as const;
