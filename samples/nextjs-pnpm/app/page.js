export default function Home() {
  return <main>Marketing site</main>;
}
