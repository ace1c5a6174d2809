export default function Home() {
  return <main><h1>Trax</h1></main>;
}
