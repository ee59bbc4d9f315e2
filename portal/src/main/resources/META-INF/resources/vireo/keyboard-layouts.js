// Text as key presses for guests without a clipboard agent: each character becomes the physical key (a
// KeyboardEvent.code, which QEMU takes as a scancode) that types it on the guest's keyboard layout, with Shift or
// AltGr held where that layout needs them. Dead keys (^ and ` on German keyboards) are followed by Space.

const SHIFT = { keysym: 0xffe1, code: 'ShiftLeft' };
const ALTGR = { keysym: 0xfe03, code: 'AltRight' };

function letters(table, swapYZ) {
  for (let i = 0; i < 26; i++) {
    let c = String.fromCharCode(97 + i);
    let key = 'Key' + c.toUpperCase();
    if (swapYZ && c === 'y') key = 'KeyZ';
    if (swapYZ && c === 'z') key = 'KeyY';
    table[c] = [key];
    table[c.toUpperCase()] = [key, 'shift'];
  }
  for (let d = 0; d <= 9; d++) table[String(d)] = ['Digit' + d];
  table[' '] = ['Space'];
  table['\n'] = ['Enter'];
  table['\t'] = ['Tab'];
  return table;
}

function add(table, keys, mod) {
  for (const [ch, code] of Object.entries(keys)) table[ch] = mod ? [code, mod] : [code];
}

const US = letters({}, false);
add(US, { '`': 'Backquote', '-': 'Minus', '=': 'Equal', '[': 'BracketLeft', ']': 'BracketRight', '\\': 'Backslash',
  ';': 'Semicolon', "'": 'Quote', ',': 'Comma', '.': 'Period', '/': 'Slash' });
add(US, { '~': 'Backquote', '!': 'Digit1', '@': 'Digit2', '#': 'Digit3', '$': 'Digit4', '%': 'Digit5', '^': 'Digit6',
  '&': 'Digit7', '*': 'Digit8', '(': 'Digit9', ')': 'Digit0', '_': 'Minus', '+': 'Equal', '{': 'BracketLeft',
  '}': 'BracketRight', '|': 'Backslash', ':': 'Semicolon', '"': 'Quote', '<': 'Comma', '>': 'Period', '?': 'Slash' },
  'shift');

const DE = letters({}, true);
add(DE, { 'ß': 'Minus', 'ü': 'BracketLeft', '+': 'BracketRight', 'ö': 'Semicolon', 'ä': 'Quote', '#': 'Backslash',
  ',': 'Comma', '.': 'Period', '-': 'Slash', '<': 'IntlBackslash' });
add(DE, { '!': 'Digit1', '"': 'Digit2', '§': 'Digit3', '$': 'Digit4', '%': 'Digit5', '&': 'Digit6', '/': 'Digit7',
  '(': 'Digit8', ')': 'Digit9', '=': 'Digit0', '?': 'Minus', 'Ü': 'BracketLeft', '*': 'BracketRight',
  'Ö': 'Semicolon', 'Ä': 'Quote', "'": 'Backslash', ';': 'Comma', ':': 'Period', '_': 'Slash',
  '>': 'IntlBackslash', '°': 'Backquote' }, 'shift');
add(DE, { '@': 'KeyQ', '€': 'KeyE', '{': 'Digit7', '[': 'Digit8', ']': 'Digit9', '}': 'Digit0', '\\': 'Minus',
  '~': 'BracketRight', '|': 'IntlBackslash', '²': 'Digit2', '³': 'Digit3', 'µ': 'KeyM' }, 'altgr');
DE['^'] = ['Backquote', null, true];
DE['`'] = ['Equal', 'shift', true];

const LAYOUTS = { us: US, de: DE };

/** The keysym X11 gives the character (Latin-1 directly, the rest as Unicode keysyms). */
function keysym(ch) {
  if (ch === '\n') return 0xff0d;
  if (ch === '\t') return 0xff09;
  const cp = ch.codePointAt(0);
  return cp < 0x100 ? cp : 0x1000000 + cp;
}

/**
 * {strokes: [{keysym, code, mod, dead}], skipped, missing}: what to press, how many characters the layout lacks and
 * which ones (each once, in order).
 */
export function keystrokes(text, layout) {
  const table = LAYOUTS[layout] || US;
  const strokes = [];
  let skipped = 0;
  const missing = [];
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    const entry = table[ch];
    if (!entry) {
      skipped++;
      if (!missing.includes(ch)) missing.push(ch);
      continue;
    }
    strokes.push({ keysym: keysym(ch), code: entry[0], mod: entry[1] || null, dead: !!entry[2] });
  }
  return { strokes, skipped, missing: missing.join('') };
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** Presses the strokes through noVNC's sendKey(keysym, code, down), a few milliseconds apart. */
export async function press(rfb, strokes) {
  for (const s of strokes) {
    const mod = s.mod === 'shift' ? SHIFT : s.mod === 'altgr' ? ALTGR : null;
    if (mod) rfb.sendKey(mod.keysym, mod.code, true);
    rfb.sendKey(s.keysym, s.code, true);
    rfb.sendKey(s.keysym, s.code, false);
    if (mod) rfb.sendKey(mod.keysym, mod.code, false);
    if (s.dead) { rfb.sendKey(0x20, 'Space', true); rfb.sendKey(0x20, 'Space', false); }
    await pause(12);
  }
}
