/**
 * Whether the `kubeconfig` input holds kubeconfig content (a secret) rather than a path to a file
 * (not a secret: it is shown in messages). Kept free of imports: the input definition uses it.
 */
export function isKubeconfigContent(value: string): boolean {
  const text = value.trim();
  return text.includes('\n') || text.startsWith('apiVersion') || text.startsWith('{');
}
