import { Client } from '@notionhq/client';
import type { IntegrationsConfig } from '../../schemas/config';

/**
 * Notion through @notionhq/client (`baseUrl` = NOTION_API_BASE_URL, the client sends the
 * Notion-Version header itself). Notes go to the page the person picked, or else to the first page the
 * integration was granted.
 */
function client(config: IntegrationsConfig, token: string): Client {
  return new Client({ auth: token, baseUrl: config.urls.notionApi, timeoutMs: 15_000 });
}

/** The page notes go to: the chosen one, else the first page shared with the integration. */
export async function notionTargetPage(config: IntegrationsConfig, token: string, chosen: string | null): Promise<string | null> {
  if (chosen) return chosen;
  const found = await client(config, token).search({ filter: { property: 'object', value: 'page' }, page_size: 1 });
  return found.results[0]?.id ?? null;
}

export async function notionAppend(config: IntegrationsConfig, token: string, pageId: string, text: string): Promise<void> {
  await client(config, token).blocks.children.append({
    block_id: pageId,
    children: [{ object: 'block', type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content: text.slice(0, 2000) } }] } }],
  });
}
