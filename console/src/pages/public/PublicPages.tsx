export function PublicPages(_props: { path: string }) {
  return <p>建设中</p>;
}
