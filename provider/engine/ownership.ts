/**
 * Who holds which live object, as far as this deployment has seen: the one place that decides
 * whether a delete may touch the object it names.
 *
 * Pulumi gives a dynamic provider no URN, but it serves every dynamic resource of one deployment
 * from one provider process, and it runs a deployment's creates and updates before the deletes
 * of resources that left the program or were replaced (create-before-delete; PULUMI-NOTES.md
 * B2a, and test/e2e/identityMatrix.test.ts proves it through the CLI). So by the time a delete
 * comes, this ledger has seen every resource of the program that claimed an object:
 * - `name`: a resource of the program says which object it is (check, diff, or create once the
 *   object is located). Two different resources naming one object is an error before any write.
 * - `hold`: a resource keeps (diff without replace) or adopts the object. A delete of a held
 *   object is a release: the object now belongs to the holder, so the delete writes nothing.
 * - `decide`: a resource re-pointed to another object says, with the new program's options, what
 *   becomes of the one it leaves, once it has taken the new one (`arrive`). Until then (a user's
 *   `deleteBeforeReplace` runs the delete first) the old one is only let go: the stack must never
 *   be left with nothing.
 * Nothing here outlives the process, so nothing leaks from one deployment into the next.
 */
export interface Fate {
  /** Delete the object (created by the stack, or deleteOnDestroy). */
  remove: boolean;
  /** Write back the remembered originals (restoreOnDelete). */
  restore: boolean;
}

export class OwnershipLedger {
  private readonly namedBy = new Map<string, string>();
  private readonly held = new Set<string>();
  /** Objects a resource's state was seen to hold (its diff), created ones too. */
  private readonly kept = new Set<string>();
  private readonly moves = new Map<string, { fate: Fate; owner: string | undefined }>();
  private readonly arrived = new Set<string>();

  /**
   * Records that resource `owner` names `object`. Returns the other resource that already names
   * it, if there is one; a resource naming its own object again (check, then create) is no conflict.
   *
   * `inState`: the resource's state already holds the object (its diff). It keeps the object over
   * a resource that has only named it so far (the engine may check a new resource before it diffs
   * an existing one), whose create then finds it named by the holder and is refused before it
   * reads or writes. Once the other has taken the object (adopted it), nothing is taken back.
   */
  name(object: string, owner: string | undefined, inState = false): string | undefined {
    if (owner === undefined) return undefined;
    const other = this.namedBy.get(object);
    if (other !== undefined && other !== owner && (!inState || this.held.has(object) || this.kept.has(object))) return other;
    this.namedBy.set(object, owner);
    if (inState) this.kept.add(object);
    return undefined;
  }

  hold(object: string): void {
    this.held.add(object);
  }

  isHeld(object: string): boolean {
    return this.held.has(object);
  }

  /** Resource `owner` moves away from `object`; the new program gives the old object `fate`. */
  decide(object: string, fate: Fate, owner: string | undefined): void {
    this.moves.set(object, { fate, owner });
  }

  /** Resource `owner` has created or adopted its object in this deployment. */
  arrive(owner: string | undefined): void {
    if (owner !== undefined) this.arrived.add(owner);
  }

  /**
   * What a delete of `object` should do when its resource moved away from it in this deployment:
   * the new program's fate once the resource holds its new object, else only let it go. Undefined
   * when no resource moved away from it (the delete follows its own state).
   */
  fateOf(object: string): Fate | undefined {
    const move = this.moves.get(object);
    if (!move) return undefined;
    return move.owner !== undefined && this.arrived.has(move.owner) ? move.fate : { remove: false, restore: false };
  }
}
