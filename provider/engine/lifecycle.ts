import * as z from "zod/mini";
import "../validation/englishMessages";
import type { FieldRule, ProfileAdapter, ProfileApi, ReadResult, WriteContext } from "./adapter";
import { checkFailuresFrom, type CheckFailure } from "./checkFailures";
import { containsUnknown, flatten, pick, sameValue, unflatten, UNKNOWN, type FlatProfile } from "./fields";
import { changedFields, computePatch, knownFields, normalizerFor, restorePatch, unmanagedRequired } from "./patch";
import { ApiError, ConfigurationError, ProfileError, ResourceInitFailedError } from "./errors";
import { HttpError } from "../http/errors";
import { redactor } from "../http/redact";
import { shortSecretFailures } from "./secretRules";
import { ACCOUNT_NAME, Settings, type ConfigReader } from "./settings";
import { migrateState } from "./stateMigrations";
import { WITHDRAWN_OWNER } from "../shim";
import { OwnershipLedger, type Fate } from "./ownership";
import { DriftObserver } from "./driftObservations";

/** Engine-level inputs every profile resource accepts, beside its own fields. */
export const lifecycleOptionsSchema = z.object({
  account: z
    .optional(z.string().check(z.regex(ACCOUNT_NAME, { error: "expected an account name: lowercase letters, digits and inner hyphens, at most 63 characters" })))
    .register(z.globalRegistry, {
      description:
        "Which configured account the profile belongs to: its credentials come from `<api>:accounts.<account>.*` in stack config or `<VARIABLE>__<ACCOUNT>` in the environment. Default: the top-level settings. Changing it moves the resource to that account's object.",
    }),
  restoreOnDelete: z
    .optional(z.boolean())
    .register(z.globalRegistry, { description: "On destroy, write back the values the profile had before this stack first changed them. Default: leave it as it is." }),
  deleteOnDestroy: z
    .optional(z.boolean())
    .register(z.globalRegistry, { description: "For profiles that are objects (Twilio): on destroy, delete one that was adopted by its id too. Created ones are always deleted." }),
});

/** Keys the engine keeps in state beside the profile fields. */
const ORIGINALS = "originals";
const CREATED = "created";
/** The account the object belongs to (ReadResult.account), as recorded when the stack took it. */
const OWNER_ACCOUNT = "ownerAccount";
const PROVIDER_KEY = "__provider";
/**
 * Which resource of the program this is (its name, under its parent's URN): the SDK sets it, as
 * dynamic providers are given no URN. Only the ownership ledger reads it.
 */
const OWNER_KEY = "__owner";

const ownerOf = (inputs: Props): string | undefined => (typeof inputs[OWNER_KEY] === "string" ? (inputs[OWNER_KEY] as string) : undefined);

/** The credential set inputs or state name (their `account`), or undefined for the top-level settings. */
const accountOf = (props: Props): string | undefined => (typeof props.account === "string" && props.account !== UNKNOWN ? props.account : undefined);

type Props = Record<string, unknown>;

/** How long an adoption waits for a holder the engine has not reached yet (see create). */
const ADOPTION_SETTLE_MS = 250;

export interface DiffResult {
  changes: boolean;
  replaces?: string[];
  deleteBeforeReplace?: boolean;
}

/**
 * The generic Pulumi lifecycle of a profile, driven by one adapter. Knows Pulumi; knows no API.
 * check and diff are pure and send nothing; every other verb sends the fewest requests that
 * can do its job (see bench/ for the counts).
 */
export class ProfileLifecycle {
  private settings = new Settings();
  /** One client per account (its pool, token, JWT), by account name; "" for the top-level settings. */
  private apis = new Map<string, ProfileApi>();
  private ledger = new OwnershipLedger();
  /** Set only inside `pulumi-profiles drift`'s preview (driftObservations.ts). */
  private observer: DriftObserver | undefined;
  private readonly profileKeys: string[];
  private readonly locatorKeys: string[];
  private readonly inputSchema: z.ZodMiniObject;

  constructor(readonly adapter: ProfileAdapter) {
    this.profileKeys = Object.keys(adapter.profileSchema.shape);
    this.locatorKeys = Object.keys(adapter.locatorSchema?.shape ?? {});
    this.inputSchema = z.strictObject({ ...adapter.profileSchema.shape, ...(adapter.locatorSchema?.shape ?? {}), ...lifecycleOptionsSchema.shape });
  }

  /** Pulumi configures a provider process once, at the start of its one deployment: so a new ledger too. */
  configure(config: ConfigReader, env: NodeJS.ProcessEnv = process.env): void {
    this.settings = new Settings(config, env);
    this.apis = new Map();
    this.ledger = new OwnershipLedger();
    this.observer = DriftObserver.fromEnv(env, this.adapter.name, (path) => normalizerFor(this.adapter.fieldRules, path));
  }

  /**
   * The client of one account, connected lazily: check and diff must work (and preview must pass)
   * without credentials, and an account the deployment never touches costs nothing.
   */
  private connection(account: string | undefined): ProfileApi {
    let api = this.apis.get(account ?? "");
    if (!api) {
      api = withApiErrors(this.adapter.connect(account === undefined ? this.settings : this.settings.forAccount(account)), this.adapter, account);
      this.apis.set(account ?? "", api);
    }
    return api;
  }

  async check(olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const { [PROVIDER_KEY]: _provider, [OWNER_KEY]: _owner, ...inputs } = news;
    const parsed = this.inputSchema.safeParse(inputs);
    const failures = parsed.success ? [] : checkFailuresFrom(parsed.error, inputs);
    if (parsed.success && this.adapter.crossFieldRules) failures.push(...this.adapter.crossFieldRules(inputs));
    const failed = new Set(failures.map((f) => f.property));
    failures.push(...shortSecretFailures(this.adapter.fieldRules, this.profileFields(inputs), this.profileFields(olds)).filter((f) => !failed.has(f.property)));
    if (inputs.deleteOnDestroy === true && !this.adapter.deletesObjects) {
      failures.push({ property: "deleteOnDestroy", reason: `${this.adapter.displayName} profiles cannot be deleted: destroy forgets them (or restores them with restoreOnDelete)` });
    }
    const owner = ownerOf(news);
    if (owner?.startsWith(WITHDRAWN_OWNER)) failures.push({ property: "", reason: owner.slice(WITHDRAWN_OWNER.length) });
    const named = failures.length === 0 ? this.namedObject(inputs) : undefined;
    // An existing resource whose old inputs named this same object keeps it over a mere newcomer's check.
    const kept = named !== undefined && Object.keys(olds).length > 0 && this.namedObject(olds) === named;
    const other = named === undefined ? undefined : this.ledger.name(named, owner, kept);
    if (other !== undefined) failures.push({ property: this.locatorKeys.find((key) => inputs[key] !== undefined) ?? "", reason: this.bothNameMessage(other, owner!, named!) });
    return { inputs: news, failures };
  }

  /**
   * Replace vs update is decided before unknown values end the comparison, so preview and up
   * agree: an unknown locator or fixed field previews as the replace it may become. A fixed field
   * (Twilio PolicySid) of an object the stack did not create cannot change at all: the only
   * objects a replace may delete are ones the stack created.
   */
  async diff(id: string, recorded: Props, news: Props): Promise<DiffResult> {
    const olds = this.upgraded(recorded);
    const desired = this.profileFields(news);
    const current = this.profileFields(olds);
    const created = Boolean(olds[CREATED]);
    this.observer?.diff(id, accountOf(olds), ownerOf(news), desired, this.fieldsToWrite(olds, desired, current));
    const object = this.objectKey(id, accountOf(olds));
    const moved = this.locatorMoves(id, olds, news, created);
    if (news.account !== olds.account && !(moved.length === 0 && (await this.reachesSameObject(id, olds, news, created)))) moved.push("account");
    if (moved.length > 0) {
      // Create-before-delete: the new object is adopted (or refused) while the old one is
      // untouched, then the old one meets the fate the new program gives it. An unknown
      // locator decides nothing: only the engine's speculative diffs and previews send one.
      if (!moved.some((key) => news[key] === UNKNOWN)) this.ledger.decide(object, this.fateFrom(olds, news), ownerOf(news));
      return { changes: true, replaces: moved };
    }
    const originals = (olds[ORIGINALS] as FlatProfile | undefined) ?? {};
    const fixed = Object.keys(desired).filter((path) => {
      if (!this.rule(path).replaceOnChange) return false;
      const held = path in current ? current[path] : originals[path];
      return desired[path] === UNKNOWN ? held !== undefined && held !== null : this.movesFixedField(path, desired[path]!, held);
    });
    if (fixed.length > 0 && created) return { changes: true, replaces: fixed };
    const refused = fixed.find((path) => desired[path] !== UNKNOWN);
    if (refused) throw this.fixedFieldError(id, refused, (refused in current ? current : originals)[refused]!, desired[refused]!);
    // The resource keeps its object (under the account name the program now gives, which reaches
    // the same one). One it adopted is held, so that a delete in this deployment (a rename's old
    // name) releases it. One it created is not: its `--replace` makes a new one, and the old one
    // is this resource's to delete.
    const kept = this.objectKey(id, accountOf(news));
    this.claim(kept, ownerOf(news), true);
    if (!created) this.ledger.hold(kept);
    this.holdReportedAccount(olds, ownerOf(news), true);
    // A new name for the same account is a change too: state must record the name whose credentials reach it now.
    const optionsChanged = news.account !== olds.account || Object.keys(lifecycleOptionsSchema.shape).some((key) => key !== "account" && Boolean(news[key]) !== Boolean(olds[key]));
    if (containsUnknown(desired)) return { changes: true };
    const toWrite = this.fieldsToWrite(olds, desired, current);
    if (toWrite.length > 0) await this.preflight(accountOf(news), id, pick(desired, toWrite), { current, desired, outputs: this.outputsOf(olds) });
    return { changes: toWrite.length > 0 || optionsChanged };
  }

  /**
   * Whether the account the program now names holds the very object state holds (one account
   * configured under a second name; the top-level settings named as an account): then the
   * profile stays where it is and only its credentials' name changes, so nothing is adopted anew,
   * made or deleted, and the values remembered from before the stack are kept. Only a definite
   * answer decides: the new credentials act for the recorded account (no request for Twilio's
   * Account SID or Voximplant's credentials), or the object they locate or read. A failure that
   * says nothing (a timeout, a 5xx, a 429, a refusal) fails diff rather than guess a move, which
   * would delete and re-create a created object; missing settings are a move (its create fails
   * the same way, before any request). Called only when `account` changes.
   */
  private async reachesSameObject(id: string, olds: Props, news: Props, created: boolean): Promise<boolean> {
    if (news.account === UNKNOWN) return false;
    try {
      const api = this.connection(accountOf(news));
      const located = this.locatorKeys.length > 0 && !created && this.locatorKeys.every((key) => news[key] === undefined);
      // Without a locator the object is whatever the credentials locate (2sms: the client's own
      // account), not every object they may read.
      if (located) return api.locate !== undefined && this.objectKey(await api.locate({}), undefined) === this.objectKey(id, undefined);
      const recorded = this.recordedAccount(olds) ?? (await this.connection(accountOf(olds)).actingAccount?.());
      if (recorded === undefined) return false;
      if (this.locatorKeys.length === 0) {
        const acting = await api.actingAccount?.();
        if (acting !== undefined) return acting === recorded;
      }
      const live = await api.read(id, { fields: [] });
      return live !== undefined && live.account === recorded;
    } catch (err) {
      if (err instanceof ConfigurationError) return false;
      throw err;
    }
  }

  /**
   * Asks the API whether it would refuse this write (adapter.ts, preflight) and, if so, says it
   * as a warning in the command's output: preview shows it, and the update that follows refuses
   * on its own. Never fails diff, which the engine also calls in refresh; never in the drift
   * report's preview, which reads only; and only where credentials are configured, as preview
   * must pass without them.
   */
  private async preflight(account: string | undefined, id: string, patch: FlatProfile, context: WriteContext): Promise<void> {
    if (this.observer) return;
    let refusal: string | undefined;
    try {
      refusal = await this.connection(account).preflight?.(id, patch, context);
    } catch {
      // Missing or wrong settings, the network: diff never needed them, and update reports them.
      return;
    }
    // The dynamic-provider host shows the provider's stderr among the command's diagnostics.
    if (refusal) process.stderr.write(`warning: ${redactor.redact(refusal)}\n`);
  }

  /**
   * The managed fields an update would act on: those whose program value differs from state, as
   * the API compares them, and those the program no longer gives (released: an update that
   * writes nothing drops them from state, so restoreOnDelete no longer writes them back).
   */
  private fieldsToWrite(olds: Props, desired: FlatProfile, current: FlatProfile): string[] {
    const originals = (olds[ORIGINALS] as FlatProfile | undefined) ?? {};
    // A fixed field's value never moves, so the one remembered at adoption is still what it holds.
    const fixedHeld = pick(originals, Object.keys(desired).filter((path) => this.rule(path).replaceOnChange && !(path in current)));
    const changed = changedFields(this.adapter.fieldRules, desired, { ...fixedHeld, ...current });
    return [...changed, ...Object.keys(current).filter((path) => !(path in desired))];
  }

  async create(inputs: Props): Promise<{ id: string; outs: Props }> {
    const desired = this.profileFields(inputs);
    this.guardSecrets(desired);
    const locator = pick(flatten(inputs), this.locatorKeys);
    // An object the inputs name (by its locator, or the account's one profile) is claimed before
    // anything connects: another resource holding it refuses this create with no request at all.
    const named = this.namedObject(inputs);
    if (named !== undefined) this.claim(named, ownerOf(inputs));
    const account = accountOf(inputs);
    const api = this.connection(account);
    if (api.create && Object.keys(locator).length === 0) {
      const { id, result } = await api.create(desired);
      this.ledger.name(this.objectKey(id, account), ownerOf(inputs));
      this.ledger.arrive(ownerOf(inputs));
      const made = this.ownership(true, result.account);
      const rest = computePatch(this.adapter.fieldRules, desired, knownFields(this.adapter.fieldRules, result.fields, {}));
      if (Object.keys(rest).length === 0) return { id, outs: this.stateFrom(inputs, desired, result, {}, made) };
      try {
        const after = await this.writeAndMerge(api, id, rest, result, desired);
        return { id, outs: this.stateFrom(inputs, desired, after, {}, made) };
      } catch (err) {
        // Record the object as it was created; the next up writes the rest.
        throw this.partlyDone(true, id, inputs, this.stateFrom(inputs, pick(desired, Object.keys(result.fields)), result, {}, made), err as Error);
      }
    }
    const id = api.locate ? await api.locate(locator) : this.singletonId();
    const object = this.objectKey(id, account);
    // The engine may run this create before it checks or diffs a resource of the same program
    // whose state already holds the object (registrations arrive in no fixed order). Adopting
    // waits a moment for that resource to claim it, so that the holder keeps it and this create
    // is refused; a resource still not there after the wait is the window README names.
    await new Promise((resolve) => setTimeout(resolve, ADOPTION_SETTLE_MS));
    // Before anything is read or written: one object, one resource.
    this.claim(object, ownerOf(inputs));
    // Held from here on, even if the read below fails: a delete in this deployment (a rename's
    // old name, run under --continue-on-error) must not act on an object the program names.
    this.ledger.hold(object);
    // A locator the API refuses is named in the error (a singleton's id says nothing).
    const before = await this.readOrFail(api, id, Object.keys(desired), account).catch((err: unknown) => {
      throw err instanceof ApiError && this.locatorKeys.length > 0 ? new ApiError({ ...err.details, operation: `${err.details.operation} ${id} to adopt it` }) : err;
    });
    for (const path of Object.keys(desired)) {
      const held = before.fields[path];
      if (this.rule(path).replaceOnChange && this.movesFixedField(path, desired[path]!, held)) throw this.fixedFieldError(id, path, held!, desired[path]!);
    }
    // One real account may be configured under two names: the account the API reports is the
    // object too, claimed before anything is written.
    this.holdReportedAccount({ [OWNER_ACCOUNT]: before.account }, ownerOf(inputs));
    const originals = this.originalsFrom(before.fields);
    this.ledger.arrive(ownerOf(inputs));
    const adopted = this.ownership(false, before.account);
    const patch = computePatch(this.adapter.fieldRules, desired, before.fields, before.fields);
    if (Object.keys(patch).length === 0) return { id, outs: this.stateFrom(inputs, desired, before, originals, adopted) };
    try {
      const after = await this.writeAndMerge(api, id, patch, before, desired);
      return { id, outs: this.stateFrom(inputs, desired, after, originals, adopted) };
    } catch (err) {
      // The profile is adopted as it was read: the originals stay the true pre-adoption values
      // even if the write landed, and the next up writes what is still missing.
      throw this.partlyDone(false, id, inputs, this.stateFrom(inputs, desired, before, originals, adopted), err as Error);
    }
  }

  async read(id: string, recorded: Props): Promise<{ id?: string; props?: Props; inputs?: Props }> {
    const props = this.upgraded(recorded);
    const api = this.connection(accountOf(props));
    const live = await api.read(id, { fields: Object.keys(this.profileFields(props)) });
    if (!live) {
      await this.confirmGone(api, id, props);
      this.observer?.read(id, accountOf(props), this.profileFields(props), undefined, []);
      return {};
    }
    this.checkAccount(id, props, live.account);
    const current = this.profileFields(props);
    const managed = Object.keys(current);
    // Write-only fields cannot be read, and a secret an answer leaves out (an API may withhold one
    // from some credentials) is not known to have changed: both stay as last applied, so a drift
    // guard cannot fail on every run. Every other managed field is what the API says.
    const refreshed: FlatProfile = {};
    for (const path of managed) {
      const rule = this.rule(path);
      const shown = live.fields[path];
      refreshed[path] = rule.writeOnly || (rule.secret && shown === undefined) ? current[path]! : (shown ?? null);
    }
    this.observer?.read(id, accountOf(props), current, refreshed, this.adapter.driftNotices?.(this.outputsOf(props), live.outputs ?? {}, new Date()) ?? []);
    const originals = (props[ORIGINALS] as FlatProfile | undefined) ?? {};
    // An account is recorded where the program's credentials take or write the object, never
    // from a refresh: one run with a stray key would otherwise lock the stack onto its account.
    const extras = this.ownership(Boolean(props[CREATED]), this.recordedAccount(props));
    const outs = this.stateFrom(props, refreshed, { fields: refreshed, outputs: live.outputs ?? {} }, originals, extras);
    // A created object's id is an output (Twilio's sid), not something the program said.
    const said = props[CREATED] ? Object.fromEntries(Object.entries(props).filter(([key]) => !this.locatorKeys.includes(key))) : props;
    return { id, props: outs, inputs: this.inputsFrom(said, refreshed) };
  }

  async update(id: string, recorded: Props, news: Props): Promise<{ outs: Props }> {
    const olds = this.upgraded(recorded);
    const desired = this.profileFields(news);
    const current = this.profileFields(olds);
    this.guardSecrets(desired, current);
    const base: ReadResult = { fields: current, outputs: this.outputsOf(olds) };
    // A created object's id lives under a locator key as an output (Twilio's sid): keep it.
    if (olds[CREATED]) for (const key of this.locatorKeys) if (olds[key] !== undefined && news[key] === undefined) base.outputs![key] = olds[key];
    let patch = computePatch(this.adapter.fieldRules, desired, current);
    let account = this.recordedAccount(olds);
    if (Object.keys(patch).length > 0) {
      // A singleton's write goes to whichever account the credentials act for: make sure it is
      // the recorded one (state from before accounts were recorded learns it here).
      if (this.locatorKeys.length === 0) account = await this.checkActingAccount(id, { ...olds, account: news.account });
      patch = computePatch(this.adapter.fieldRules, desired, current, await this.requiredFromApi(accountOf(news), id, desired));
    }
    // The account the program names: the same as state's, or another name diff found reaching this very object.
    const after = Object.keys(patch).length > 0 ? await this.writeAndMerge(this.connection(accountOf(news)), id, patch, base, desired) : base;
    const originals = (olds[ORIGINALS] as FlatProfile | undefined) ?? {};
    const extras = this.ownership(Boolean(olds[CREATED]), account);
    return { outs: this.stateFrom(news, desired, after, originals, extras) };
  }

  /**
   * The one place an object is deleted, restored or let go. A delete acts only for the resource
   * that owns the object at that moment: when another resource of this deployment holds it now
   * (a rename, `--replace`, a re-point to the same object), the delete releases it and writes
   * nothing. Otherwise the object meets its fate: the new program's when the resource moved to
   * another object, else its own state's.
   */
  async delete(id: string, recorded: Props): Promise<void> {
    const props = this.upgraded(recorded);
    const object = this.objectKey(id, accountOf(props));
    const real = this.accountKey(props);
    if (this.ledger.isHeld(object) || (real !== undefined && this.ledger.isHeld(real))) return;
    const fate: Fate = this.ledger.fateOf(object) ?? { remove: Boolean(props[CREATED] || props.deleteOnDestroy), restore: Boolean(props.restoreOnDelete) };
    // Forgetting sends nothing, so it needs no credentials either.
    if (fate.remove && this.adapter.deletesObjects) {
      const api = this.connection(accountOf(props));
      if (!(await api.remove!(id))) await this.confirmGone(api, id, props);
      return;
    }
    if (fate.restore) await this.restore(this.connection(accountOf(props)), id, props);
  }

  /**
   * Writes back the originals the stack changed, after one read that proves the profile is in
   * the recorded account and that the API would take the write (never a one-way field, never a
   * profile the API allows no edits to), so destroy always finishes.
   */
  private async restore(api: ProfileApi, id: string, props: Props): Promise<void> {
    const originals = (props[ORIGINALS] as FlatProfile | undefined) ?? {};
    const current = this.profileFields(props);
    this.guardSecrets(current);
    if (Object.keys(restorePatch(this.adapter.fieldRules, originals, current)).length === 0) return;
    const live = await api.read(id, { fields: Object.keys(current) });
    if (!live) {
      await this.confirmGone(api, id, props);
      return;
    }
    this.checkAccount(id, props, live.account);
    // State from before accounts were recorded cannot say whose profile this is until now: one
    // another resource holds in this deployment (under another account name) is released.
    const real = this.accountKey({ [OWNER_ACCOUNT]: live.account });
    if (real !== undefined && this.ledger.isHeld(real)) return;
    if (this.adapter.restoreRefusal?.(live) !== undefined) return;
    const patch = restorePatch(this.adapter.fieldRules, originals, current, live.fields);
    if (Object.keys(patch).length === 0) return;
    await api.write(id, patch, { current, desired: { ...current, ...patch } });
  }

  /**
   * "Gone" is believed only when the API answered its own not-found (the client checks that)
   * and the credentials provably act for the account the object was recorded in, at an endpoint
   * that answers as the API (actingAccount asks it). Anything less fails refresh and destroy:
   * dropping a live object from state makes the next up create a duplicate.
   */
  private async confirmGone(api: ProfileApi, id: string, props: Props): Promise<void> {
    const recorded = this.recordedAccount(props);
    const acting = await api.actingAccount?.();
    if (recorded !== undefined && acting === recorded) return;
    const said = `${this.adapter.displayName} answered${this.ofAccount(props, "for")} that ${this.adapter.resourceName} ${id} was not found`;
    const why =
      recorded === undefined
        ? "but state does not record which account it belongs to"
        : acting === undefined
          ? `but which account the credentials act for cannot be told, and it belongs to account ${recorded}`
          : `but the credentials${this.ofAccount(props)} act for account ${acting}, and it belongs to account ${recorded}`;
    throw new ProfileError(
      "NOT_CONFIRMED",
      `${said}, ${why}, so it is not taken as gone and stays in state. Check the credentials and ${this.adapter.baseUrlSetting}; if it really was deleted, remove it from the stack with \`pulumi state delete <urn>\`.`,
    );
  }

  /** Refuses an answer about an object of another account than the one recorded in state. */
  private checkAccount(id: string, props: Props, live: string | undefined): void {
    const recorded = this.recordedAccount(props);
    if (recorded === undefined || live === undefined || live === recorded) return;
    throw this.wrongAccountError(id, props, recorded, live);
  }

  /** The account a write will go to, refused when it is not the recorded one. */
  private async checkActingAccount(id: string, props: Props): Promise<string | undefined> {
    const recorded = this.recordedAccount(props);
    const acting = await this.connection(accountOf(props)).actingAccount?.();
    if (recorded !== undefined && acting !== undefined && acting !== recorded) throw this.wrongAccountError(id, props, recorded, acting);
    return recorded ?? acting;
  }

  private wrongAccountError(id: string, props: Props, recorded: string, acting: string): ProfileError {
    const { displayName, resourceName } = this.adapter;
    return new ProfileError(
      "WRONG_ACCOUNT",
      `the credentials${this.ofAccount(props)} act for ${displayName} account ${acting}, but ${resourceName} ${id} belongs to account ${recorded}: nothing was read into state or written. ` +
        `Check the credentials; to manage account ${acting} instead, remove this resource from the stack with \`pulumi state delete <urn>\` and run up again to adopt it.`,
    );
  }

  /** How messages name the credential set the props use: ` of account "acme"`, or nothing for the top-level one. */
  private ofAccount(props: Props, preposition = "of"): string {
    const account = accountOf(props);
    return account === undefined ? "" : ` ${preposition} account "${account}"`;
  }

  private recordedAccount(props: Props): string | undefined {
    return typeof props[OWNER_ACCOUNT] === "string" ? (props[OWNER_ACCOUNT] as string) : undefined;
  }

  /** The ownership facts state keeps beside the fields: made by the stack, and in which account. */
  private ownership(created: boolean, account: string | undefined): Props {
    return { ...(created ? { [CREATED]: true } : {}), ...(account !== undefined ? { [OWNER_ACCOUNT]: account } : {}) };
  }

  /**
   * The ledger's key of an object: its id in the form the API treats as one object. An account's
   * one profile (a singleton) has the same id in every account, so its key is the account's name too.
   */
  private objectKey(id: string, account: string | undefined): string {
    if (this.locatorKeys.length === 0) return account === undefined ? id : `${id}@${account}`;
    return this.adapter.idFromLocator?.({ [this.locatorKeys[0]!]: id }) ?? id;
  }

  /**
   * A singleton's key by the account the API reported for it (recorded in state), which two
   * account names configured with one account's credentials share. Undefined for objects whose
   * ids are unique already, and before the account is known.
   */
  private accountKey(props: Props): string | undefined {
    const recorded = this.recordedAccount(props);
    return this.locatorKeys.length === 0 && recorded !== undefined ? `${this.singletonId()}@=${recorded}` : undefined;
  }

  /** The object the inputs name without asking the API, when they name one. */
  private namedObject(inputs: Props): string | undefined {
    if (this.locatorKeys.length === 0) return inputs.account === UNKNOWN ? undefined : this.objectKey(this.singletonId(), accountOf(inputs));
    const locator = pick(flatten(inputs), this.locatorKeys);
    if (Object.keys(locator).length === 0 || Object.values(locator).some((value) => typeof value !== "string" || value === UNKNOWN)) return undefined;
    return this.adapter.idFromLocator?.(locator);
  }

  /**
   * The locator keys whose new value names another object than the one held. Pinning the held
   * object (in any form the API treats as the same) is no move; for a created object the
   * locator is an output (Twilio's sid), so only a value the program gives can move it; removing
   * a locator the program gave is a move (to a new object, or the client's own account).
   */
  private locatorMoves(id: string, olds: Props, news: Props, created: boolean): string[] {
    const given = this.locatorKeys.filter((key) => news[key] !== undefined);
    if (given.some((key) => news[key] === UNKNOWN)) return given.filter((key) => news[key] === UNKNOWN);
    if (given.length > 0) {
      const named = this.namedObject(news);
      const moved = named === undefined ? given.some((key) => news[key] !== olds[key]) : named !== this.objectKey(id, undefined);
      return moved ? given : [];
    }
    return created ? [] : this.locatorKeys.filter((key) => olds[key] !== undefined);
  }

  /** What becomes of an object the resource moves away from: the new program's options decide. */
  private fateFrom(olds: Props, news: Props): Fate {
    return { remove: Boolean(olds[CREATED]) || news.deleteOnDestroy === true, restore: news.restoreOnDelete === true };
  }

  /** Claims and holds the object by the account the API reported (accountKey), when there is one. */
  private holdReportedAccount(recorded: Props, owner: string | undefined, inState = false): void {
    const real = this.accountKey(recorded);
    if (real === undefined) return;
    this.claim(real, owner, inState);
    this.ledger.hold(real);
  }

  /**
   * Records that `owner` names `object`; refuses it when another resource of the program already
   * does (`inState`: its state holds the object, which wins over a mere naming; see the ledger).
   */
  private claim(object: string, owner: string | undefined, inState = false): void {
    const other = this.ledger.name(object, owner, inState);
    if (other !== undefined) throw new ProfileError("DUPLICATE", this.bothNameMessage(other, owner!, object));
  }

  private bothNameMessage(other: string, owner: string, object: string): string {
    const { displayName, resourceName } = this.adapter;
    const what = this.locatorKeys.length === 0 ? `the ${displayName} ${resourceName} of ${object.includes("@") ? `account ${object.slice(object.indexOf("@") + 1).replace(/^=/, "")}` : "the account"}` : `${displayName} ${resourceName} ${object}`;
    return `"${other}" and "${owner}" both name ${what}: one object can be managed by one resource only. Remove one of them, or point one at another object.`;
  }

  /**
   * Pulumi records `properties` as the resource's state; its dynamic-provider host adds
   * `__provider` to successful results only, so it is added here: without it `refresh` and
   * `destroy` cannot load the provider for this resource.
   */
  private partlyDone(created: boolean, id: string, inputs: Props, state: Props, cause: Error): ResourceInitFailedError {
    return new ResourceInitFailedError(id, { ...state, [PROVIDER_KEY]: inputs[PROVIDER_KEY] }, cause, created);
  }

  /** Whether `wanted` differs from the value a fixed field holds; an unset field holds nothing to move. */
  private movesFixedField(path: string, wanted: FlatProfile[string], held: FlatProfile[string] | undefined): boolean {
    return held !== undefined && held !== null && !sameValue(wanted, held, normalizerFor(this.adapter.fieldRules, path));
  }

  private fixedFieldError(id: string, path: string, held: unknown, wanted: unknown): ProfileError {
    return new ProfileError(
      "FIXED_FIELD",
      `${this.adapter.displayName} fixes ${path} when a ${this.adapter.resourceName} is created: the adopted ${id} has ${String(held)} and cannot take ${String(wanted)}. ` +
        `Set ${path} back to ${String(held)}, or remove the id that adopts it so that up creates a new one with ${String(wanted)} (the adopted one is then forgotten, or deleted if deleteOnDestroy is set).`,
    );
  }

  /** State as an earlier release may have written it, in this release's shape. */
  private upgraded(state: Props): Props {
    return migrateState(state, this.adapter.stateMigrations);
  }

  private rule(path: string): FieldRule {
    return this.adapter.fieldRules[path] ?? {};
  }

  private singletonId(): string {
    return this.adapter.singletonId ?? this.adapter.name;
  }

  /** The profile fields of inputs or state, flattened; locator, options and outputs left out. */
  private profileFields(props: Props): FlatProfile {
    return flatten(pick(props as FlatProfile, this.profileKeys) as Props);
  }

  /**
   * Secret inputs (passwords, salts) join the credentials the redactor masks before they go on
   * the wire, so an API that echoes one in an error cannot print it.
   */
  private guardSecrets(...profiles: FlatProfile[]): void {
    for (const profile of profiles) {
      for (const [path, value] of Object.entries(profile)) if (this.rule(path).secret && typeof value === "string") redactor.add(value);
    }
  }

  private async writeAndMerge(api: ProfileApi, id: string, patch: FlatProfile, before: ReadResult, desired: FlatProfile): Promise<ReadResult> {
    const answer = await api.write(id, patch, { current: before.fields, desired, ...(before.outputs ? { outputs: before.outputs } : {}) });
    if (answer) return { fields: { ...before.fields, ...knownFields(this.adapter.fieldRules, answer.fields, patch) }, outputs: answer.outputs ?? before.outputs ?? {} };
    return { fields: { ...before.fields, ...patch }, outputs: before.outputs ?? {} };
  }

  /**
   * The live values a write must repeat but the program does not manage (2sms's required
   * fields). A stale copy would revert someone else's change, so they are read fresh; when the
   * program manages them all, nothing is read.
   */
  private async requiredFromApi(account: string | undefined, id: string, managed: FlatProfile): Promise<FlatProfile> {
    if (unmanagedRequired(this.adapter.fieldRules, managed).length === 0) return {};
    return (await this.readOrFail(this.connection(account), id, unmanagedRequired(this.adapter.fieldRules, managed), account)).fields;
  }

  private async readOrFail(api: ProfileApi, id: string, fields: readonly string[], account: string | undefined): Promise<ReadResult> {
    const found = await api.read(id, { fields });
    if (found) return found;
    const { displayName, resourceName } = this.adapter;
    const credentials = account === undefined ? "the top-level credentials" : `the credentials of account "${account}"`;
    throw new ProfileError("NOT_FOUND", `${displayName} answered that ${resourceName} ${id} was not found with ${credentials}: check that it belongs to that account, or give the program the id of one that does`);
  }

  /** The remembered pre-adoption values: readable, non-secret fields only. */
  private originalsFrom(read: FlatProfile): FlatProfile {
    const out: FlatProfile = {};
    for (const [path, value] of Object.entries(read)) {
      const rule = this.rule(path);
      if (!rule.writeOnly && !rule.secret) out[path] = value;
    }
    return out;
  }

  private outputsOf(state: Props): Record<string, unknown> {
    const known = new Set([...this.profileKeys, ...this.locatorKeys, ...Object.keys(lifecycleOptionsSchema.shape), ORIGINALS, CREATED, OWNER_ACCOUNT, PROVIDER_KEY, OWNER_KEY]);
    return Object.fromEntries(Object.entries(state).filter(([key]) => !known.has(key)));
  }

  /**
   * State = the managed fields as the API holds them, in input shape (so a preview after refresh
   * compares like with like), plus locator, options, API outputs and the remembered originals.
   */
  private stateFrom(inputs: Props, desired: FlatProfile, result: ReadResult, originals: FlatProfile, extras: Props = {}): Props {
    const managed = pick(result.fields, Object.keys(desired));
    return {
      ...this.inputsFrom(inputs, managed),
      ...(result.outputs ?? {}),
      [ORIGINALS]: originals,
      ...extras,
    };
  }

  /** What the program would have to say to describe the profile as it is. */
  private inputsFrom(inputs: Props, fields: FlatProfile): Props {
    const out: Props = { ...unflatten(fields) };
    for (const key of [...this.locatorKeys, ...Object.keys(lifecycleOptionsSchema.shape)]) if (inputs[key] !== undefined) out[key] = inputs[key];
    return out;
  }
}

const OPERATIONS: Record<string, string> = { read: "read", write: "update", locate: "find", create: "create", remove: "delete", list: "list", actingAccount: "find the account of", preflight: "check before updating" };

/**
 * Transport failures (timeouts, resets, TLS) become the same one-line message as API errors:
 * which API, which operation, what happened, after how many attempts.
 */
function withApiErrors(api: ProfileApi, adapter: ProfileAdapter, account: string | undefined): ProfileApi {
  const apiName = account === undefined ? adapter.displayName : `${adapter.displayName} (account "${account}")`;
  const wrapped: Partial<ProfileApi> = {};
  for (const name of Object.keys(OPERATIONS) as Array<keyof ProfileApi>) {
    const method = api[name] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (!method) continue;
    (wrapped as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      try {
        return await method.apply(api, args);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) throw withWrongEndpointHint(err, adapter, apiName);
        if (err instanceof ApiError && account !== undefined) throw new ApiError({ ...err.details, api: apiName });
        if (!(err instanceof HttpError)) throw err;
        throw new ApiError({ api: apiName, operation: `${OPERATIONS[name]} ${adapter.resourceName.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()}`, status: err.status, apiMessage: err.message, attempts: err.attempts });
      }
    };
  }
  return wrapped as ProfileApi;
}

/**
 * A 404 the client did not take for the API's own not-found is a wrong base URL, or credentials
 * that do not reach the object: say which setting to check.
 */
function withWrongEndpointHint(err: ApiError, adapter: ProfileAdapter, apiName: string): ApiError {
  const hint = `A 404 here means ${adapter.baseUrlSetting} or the credentials do not reach this ${adapter.displayName} ${adapter.resourceName}: check both`;
  return new ApiError({ ...err.details, api: apiName, hint: [err.details.hint, hint].filter(Boolean).join(". ") });
}
