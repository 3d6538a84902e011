/** The one-line confirmations a redirect asks for with `?notice=`; any other word shows nothing. */
const NOTICES = new Map<string, string>([
  ['saved', 'Saved.'],
  ['paused', 'Paused. Nothing more goes out until you resume it.'],
  ['resumed', 'Resumed.'],
  ['cancelled', 'Cancelled. What had gone out stays counted as sent; nothing else will go.'],
  ['sent', 'It is on its way.'],
  ['scheduled', 'Scheduled. It goes out on its own at the time you chose.'],
]);

export function notice(word: string | undefined): string | undefined {
  return word === undefined ? undefined : NOTICES.get(word);
}
