/** English strings of the mirror. Keys are shared with zh-CN.ts; a missing key there falls back to these. */
export const en = {
  attract: {
    title: 'Step in to try on',
    subtitle: 'Stand about two metres from the mirror',
    privacy: 'Your picture never leaves this mirror and is never stored.',
  },
  camera: {
    starting: 'Starting the mirror…',
    noCamera: 'No camera found',
    noCameraDetail: 'Please ask a member of staff. The mirror will start as soon as a camera is connected.',
    denied: 'Camera access is blocked',
    deniedDetail: 'Please ask a member of staff to allow the camera.',
    unplugged: 'The camera was disconnected',
    reconnecting: 'Reconnecting…',
    broken: 'The camera is not working',
  },
  engine: {
    oneMoment: 'One moment…',
  },
  shop: {
    all: 'All',
    tryOn: 'Try on',
    wearing: 'Wearing',
    takeOff: 'Take off',
    colour: 'Colour',
    size: 'Size',
    inStock: '{{count}} in stock',
    lowStock: 'Only {{count}} left',
    soldOut: 'Sold out',
    from: 'from {{price}}',
    loading: 'Loading…',
    empty: 'Nothing here yet',
    catalogError: 'The catalog is not available right now',
    garmentError: 'This garment cannot be shown',
  },
  language: { switchTo: '中文' },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
