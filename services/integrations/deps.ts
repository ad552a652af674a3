import type { Config, IntegrationsConfig } from '../../schemas/config';
import { KeyRing } from '../../schemas/keyring';

/** What the integration activities need beyond the common deps: OAuth clients, base URLs, the key ring. */
export interface IntegrationDeps {
  config: IntegrationsConfig;
  keyRing: KeyRing;
  /** The clock; tests pin it. */
  now?: () => Date;
}

export function integrationDeps(config: Config): IntegrationDeps {
  return { config: config.integrations, keyRing: new KeyRing(config.encryptionKeys) };
}
