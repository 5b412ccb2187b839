import { ProfileLifecycle } from "../../provider/engine/lifecycle";
import { loadAdapter } from "../../provider/engine/registry";

type Props = Record<string, unknown>;

/**
 * Drives one profile the way Pulumi's engine drives a dynamic provider: check → diff → create or
 * update, read for refresh, delete on destroy, with state carried between steps. Each command
 * starts as a new provider process does, configured afresh (a new client and ownership ledger).
 */
export class ProfileDriver {
  readonly lifecycle: ProfileLifecycle;
  id: string | undefined;
  state: Props | undefined;
  inputs: Props | undefined;

  constructor(
    api: string,
    private readonly env: Record<string, string>,
  ) {
    this.lifecycle = new ProfileLifecycle(loadAdapter(api));
    this.newProcess();
  }

  private newProcess(): void {
    this.lifecycle.configure({ get: () => undefined }, this.env);
  }

  /** `pulumi up` with these inputs; returns what the engine would show. */
  async up(inputs: Props): Promise<{ changed: boolean; failures: Array<{ property: string; reason: string }> }> {
    this.newProcess();
    const checked = await this.lifecycle.check(this.inputs ?? {}, inputs);
    if (checked.failures.length > 0) return { changed: false, failures: checked.failures };
    if (!this.id) {
      const created = await this.lifecycle.create(checked.inputs);
      this.id = created.id;
      this.state = created.outs;
      this.inputs = checked.inputs;
      return { changed: true, failures: [] };
    }
    const diff = await this.lifecycle.diff(this.id, this.state!, checked.inputs);
    if (!diff.changes) return { changed: false, failures: [] };
    this.state = (await this.lifecycle.update(this.id, this.state!, checked.inputs)).outs;
    this.inputs = checked.inputs;
    return { changed: true, failures: [] };
  }

  /** `pulumi preview`: would anything change? */
  async preview(inputs: Props): Promise<boolean> {
    this.newProcess();
    if (!this.id) return true;
    return (await this.lifecycle.diff(this.id, this.state!, inputs)).changes;
  }

  /** `pulumi refresh`: state and stored inputs become what the API reports. */
  async refresh(): Promise<void> {
    this.newProcess();
    const read = await this.lifecycle.read(this.id!, this.state!);
    this.state = read.props;
    this.inputs = read.inputs;
  }

  async destroy(): Promise<void> {
    this.newProcess();
    await this.lifecycle.delete(this.id!, this.state!);
    this.id = undefined;
    this.state = undefined;
  }
}
