// Pictures in Slack messages: an image block can only show a file Slack holds, so each image of a view is
// uploaded first (files.getUploadURLExternal, a POST of the bytes to the upload_url, then
// files.completeUploadExternal without a channel, so it is not posted as a message of its own). Slack
// processes uploads asynchronously and rejects a block that names a file still in processing
// (`invalid_blocks`), so files.info is polled until the file has its type. A picture that cannot be uploaded
// in time is shown as its alt text (the figures) and the message still goes out.
import type { Logger } from '../logger.ts';
import { type SlackFileIds, viewImages } from '../views/block-kit.ts';
import type { ChatFile } from '../services/chat-core.ts';
import type { ImageBlock, MessageView } from '../views/model.ts';
import type { SlackWebClient } from './slack-directory.ts';

/** files.info checks while Slack processes the upload: 0.25 s, doubling, about 8 s in all. */
const PROCESSING_CHECKS = 6;
const FIRST_WAIT_MS = 250;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function uploadImage(client: SlackWebClient, image: ImageBlock): Promise<string | undefined> {
  const reserved = await client.files.getUploadURLExternal({ filename: image.fileName, length: image.png.byteLength });
  if (!reserved.upload_url || !reserved.file_id) throw new Error('files.getUploadURLExternal returned no upload_url or file_id');
  const upload = await fetch(reserved.upload_url, { method: 'POST', body: image.png, headers: { 'content-type': 'application/octet-stream' } });
  if (!upload.ok) throw new Error(`The upload to Slack's upload_url failed with HTTP ${upload.status}`);
  await client.files.completeUploadExternal({ files: [{ id: reserved.file_id, ...(image.title ? { title: image.title } : {}) }] });
  for (let check = 0; check < PROCESSING_CHECKS; check += 1) {
    const info = await client.files.info({ file: reserved.file_id });
    if (info.file?.mimetype) return reserved.file_id;
    await pause(FIRST_WAIT_MS * 2 ** check);
  }
  return undefined;
}

/** Uploads the view's images and returns their file ids; an image that fails is logged and left out of the map. */
export async function uploadViewImages(client: SlackWebClient, view: MessageView, logger: Logger): Promise<SlackFileIds> {
  const ids = new Map<ImageBlock, string>();
  for (const image of viewImages(view)) {
    try {
      const id = await uploadImage(client, image);
      if (id) ids.set(image, id);
      else logger.warn('Slack was still processing an uploaded chart; it is shown as text', { file: image.fileName });
    } catch (error) {
      logger.warn('A chart could not be uploaded to Slack; it is shown as text', { file: image.fileName, error });
    }
  }
  return ids;
}

async function reserveAndSend(client: SlackWebClient, fileName: string, bytes: Uint8Array): Promise<string> {
  const reserved = await client.files.getUploadURLExternal({ filename: fileName, length: bytes.byteLength });
  if (!reserved.upload_url || !reserved.file_id) throw new Error('files.getUploadURLExternal returned no upload_url or file_id');
  const upload = await fetch(reserved.upload_url, { method: 'POST', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
  if (!upload.ok) throw new Error(`The upload to Slack's upload_url failed with HTTP ${upload.status}`);
  return reserved.file_id;
}

/** Uploads files and shares them in one conversation (a person's DM with the bot), `comment` above them. */
export async function shareFiles(client: SlackWebClient, channelId: string, files: readonly ChatFile[], comment: string): Promise<void> {
  const uploaded: { id: string; title: string }[] = [];
  for (const file of files) uploaded.push({ id: await reserveAndSend(client, file.fileName, file.bytes), title: file.title });
  const [first, ...rest] = uploaded;
  if (!first) return;
  await client.files.completeUploadExternal({ files: [first, ...rest], channel_id: channelId, initial_comment: comment });
}
