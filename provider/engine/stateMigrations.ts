type Props = Record<string, unknown>;

/**
 * A change in what a profile's state holds between two releases. Every stack's serialized
 * provider loads the installed package, so state written by any earlier release reaches this
 * code on the first preview after an upgrade. A migration turns that state into the current
 * shape wherever recorded state enters the engine (diff, read, update, delete): users never
 * re-create or re-adopt anything. State carries no version, so a migration must recognise the
 * old shape itself and return state already in the new shape unchanged.
 *
 * Each one is proven by test/upgrade, which replays the stacks recorded by every release, and
 * is named in CHANGELOG.md.
 */
export interface StateMigration {
  /** The last release whose state has the old shape, e.g. "0.1.0". */
  until: string;
  /** What changed, in one sentence, for the changelog and for whoever reads the code next. */
  why: string;
  /** Pure: state in the old or the new shape → state in the new shape. */
  migrate(state: Props): Props;
}

/** Applies every migration in order; with none, state is used as recorded. */
export function migrateState(state: Props, migrations: readonly StateMigration[] = []): Props {
  return migrations.reduce((current, migration) => migration.migrate(current), state);
}
