/** Names one editable value, for coalescing its typing and for showing why it was refused. */
export const editKeys = {
  scalar: (packetId: string, field: string) => `${packetId}/${field}`,
  item: (packetId: string, list: string, itemId: string, field: string) =>
    `${packetId}/${list}/${itemId}/${field}`,
};
