/** Demand profiles: new orders per simulated day (domain.md's figures). */
export const PROFILES = {
  /** an ordinary day: ~12,000 orders a year */
  ordinary: 40,
  /** the 2025 Double-11 peak day */
  double11: 1863,
  /** the Spring-Festival peak the order hub handled */
  spring: 2136,
  /** what the hub was tested with */
  stress: 3000,
} as const;
export type ProfileName = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];
export const DEFAULT_PROFILE: ProfileName = 'double11';

export function isProfile(name: string): name is ProfileName {
  return Object.hasOwn(PROFILES, name);
}
