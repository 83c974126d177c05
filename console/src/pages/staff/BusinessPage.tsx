export function BusinessPage(_props: Record<string, unknown>) {
  return <p>建设中</p>;
}
