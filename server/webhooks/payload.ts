import { handoffPoints } from '../../lib/handoff/handoff-points';
import type { HistoryEvent } from '../../lib/handoff/history';
import { noticeWords } from '../../lib/handoff/notices';
import type { Packet } from '../../lib/handoff/packet';

/** Slack reads &, < and > as markup (`<!channel>` pings a channel): a customer's name must not be markup. */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The JSON a webhook is sent for one event: Slack's incoming-webhook message (`text`, and `blocks` that
 * say the same) in the words people are notified in, plus a `baton` object with the structured facts
 * for any other receiver.
 */
export function webhookBody(
  deliveryId: string,
  event: HistoryEvent,
  packet: Packet,
  nameOf: (userId: string) => string | undefined,
): string {
  const { title, message } = noticeWords(event, packet, { nameOf, forChannel: true });
  const text = `*${slackEscape(title)}*\n${slackEscape(message)}`;
  const customerName = packet.fields['customer.name']?.value;
  return JSON.stringify({
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Baton · ${handoffPoints[packet.handoffPoint].label}` }],
      },
    ],
    baton: {
      deliveryId,
      eventType: event.type,
      packetId: packet.id,
      handoffPoint: packet.handoffPoint,
      customerName: typeof customerName === 'string' ? customerName : null,
      seq: event.seq,
      at: event.at,
      actorId: event.actorId,
      data: event.data,
    },
  });
}
