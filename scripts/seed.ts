/**
 * `npm run db:seed`: an invented catalogue of 10 artists and 60 songs. Safe to
 * run again. `-- --demo-user` also creates the demo user with its published
 * password, which `npm run dev` asks for and production refuses.
 */
import { hashPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/platform/db";
import { getEnv } from "@/lib/platform/env";

export const DEMO_USER = { email: "demo@trax.local", password: "trax-demo-2026", name: "Demo Listener" };

const ARTISTS = [
  "The Velvet Lanterns", "Nova Harbor", "Quiet Atlas", "Mira Solenne", "Copper Tides",
  "Static Orchard", "Juniper Vale", "The Hollow Pines", "Echo Meridian", "Saffron Kites",
];
const FIRST_WORDS = ["Midnight", "Paper", "Silver", "River", "Neon", "Glass", "Summer", "Distant", "Electric", "Golden", "Winter", "Morning"];
const SECOND_WORDS = ["Hearts", "Signals", "Gardens", "Engines", "Letters"];

/** 60 distinct titles: stepping by 7 (coprime with 60) spreads each word across artists. */
function songTitle(artistIndex: number, songIndex: number): string {
  const n = ((artistIndex * 6 + songIndex) * 7) % 60;
  return `${FIRST_WORDS[n % 12] ?? "Quiet"} ${SECOND_WORDS[Math.floor(n / 12)] ?? "Songs"}`;
}

async function seedCatalogue(): Promise<void> {
  const db = getDb();
  for (const [artistIndex, name] of ARTISTS.entries()) {
    const artist = await db.artist.upsert({ where: { name }, create: { name }, update: {} });
    if ((await db.song.count({ where: { artistId: artist.id } })) > 0) continue;
    await db.song.createMany({
      data: Array.from({ length: 6 }, (_, songIndex) => ({
        title: songTitle(artistIndex, songIndex),
        artistId: artist.id,
        durationSec: 150 + ((artistIndex * 37 + songIndex * 53) % 150),
      })),
    });
  }
}

async function seedDemoUser(): Promise<void> {
  const passwordHash = await hashPassword(DEMO_USER.password);
  await getDb().user.upsert({
    where: { email: DEMO_USER.email },
    create: { email: DEMO_USER.email, name: DEMO_USER.name, passwordHash },
    update: {},
  });
}

const withDemoUser = process.argv.includes("--demo-user");
if (withDemoUser && getEnv().isProduction) {
  console.error("--demo-user: the demo user's password is published; it is never created in production.");
  process.exit(1);
}
await seedCatalogue();
if (withDemoUser) await seedDemoUser();
await getDb().$disconnect();
console.log("Seeded the catalogue" + (withDemoUser ? ` and the demo user ${DEMO_USER.email}.` : "."));
