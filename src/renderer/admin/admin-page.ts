/** Staff open the admin screen at /admin (web shell, staff tablet) or #/admin (the mirror, after the PIN). */
export function isAdminPage(loc: Pick<Location, 'pathname' | 'hash'>): boolean {
  return loc.pathname.endsWith('/admin') || loc.hash.startsWith('#/admin');
}
