// Who sees which release. In a namespace shared by several people (a group project, or the
// single namespace), Onyxia lists the caller's own and the shared services. Orphans (no Onyxia
// secret) are listed too, unlike Onyxia, so members can see and delete them (onyxia#1011).

export interface Viewer {
  idep: string;
  /** True for group projects and the singleNamespace project. */
  sharedNamespace: boolean;
}

export function isVisibleTo(
  service: { owner: string | null; share: boolean; orphan: boolean },
  viewer: Viewer,
): boolean {
  if (!viewer.sharedNamespace) return true;
  return service.orphan || service.share || service.owner === viewer.idep;
}

/**
 * Who may change a release (delete, suspend, edit, roll back, rename, share): in a personal
 * namespace the user, on everything; in a shared one only the owner recorded in its Onyxia
 * secret, except orphans (no secret, e.g. a launch that failed half-way, onyxia#1011) and
 * releases recorded without an owner, which any member may clean up.
 */
export function mayManage(
  release: { owner: string | null; orphan: boolean },
  viewer: Viewer,
): boolean {
  if (!viewer.sharedNamespace) return true;
  return release.orphan || release.owner === null || release.owner === viewer.idep;
}
