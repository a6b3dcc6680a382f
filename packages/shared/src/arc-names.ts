/**
 * `tinyland-nix-x7k2p` → `tinyland-nix`: the scale set of an EphemeralRunnerSet name. ARC creates
 * runner sets with generateName `<set>-`, to which the API server appends five characters; ARC's
 * listener labels its metrics with that runner-set name (cmd/ghalistener/app/app.go). Among
 * `known` scale-set names the longest that fits wins (`a-b-x7k2p` is `a-b`, not `a`).
 */
export function scaleSetOfRunnerSet(ersName: string, known: readonly string[] = []): string {
  const match = known
    .filter((ars) => ersName.startsWith(`${ars}-`) && /^[a-z0-9]{5}$/.test(ersName.slice(ars.length + 1)))
    .sort((a, b) => b.length - a.length)[0];
  return match ?? ersName.replace(/-[a-z0-9]{5}$/, '');
}
