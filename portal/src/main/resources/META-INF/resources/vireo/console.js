// Vireo's browser console: a thin layer over noVNC's RFB for the screen and xterm.js for the serial port (served
// by the portal under /novnc/ and /xterm/, fetched at build time from npm). The Java view calls these functions;
// status changes go back as 'vireo-console-status' events.
import RFB from '/novnc/core/rfb.js';

const sessions = new WeakMap();

function status(el, state, reason) {
  el.dispatchEvent(new CustomEvent('vireo-console-status', { detail: reason ? state + ':' + reason : state }));
}

export function connect(el, url) {
  disconnect(el);
  el.replaceChildren();
  status(el, 'connecting');
  const rfb = new RFB(el, url, { wsProtocols: ['binary'] });
  rfb.scaleViewport = true;
  rfb.focusOnClick = true;
  rfb.addEventListener('connect', () => { status(el, 'connected'); rfb.focus(); });
  rfb.addEventListener('disconnect', (e) => status(el, e.detail.clean ? 'disconnected' : 'failed'));
  rfb.addEventListener('securityfailure', (e) => status(el, 'failed', e.detail.reason));
  sessions.set(el, rfb);
}

/** The serial port: its bytes both ways in binary WebSocket frames, shown in a terminal. */
export async function connectSerial(el, url) {
  disconnect(el);
  el.replaceChildren();
  status(el, 'connecting');
  if (!document.getElementById('vireo-xterm-css')) {
    const css = document.createElement('link');
    css.id = 'vireo-xterm-css';
    css.rel = 'stylesheet';
    css.href = '/xterm/css/xterm.css';
    document.head.appendChild(css);
  }
  const { Terminal } = await import('/xterm/lib/xterm.mjs');
  // a line height above 1: at 1.0 the font's underscore falls below the cell and is cut off ("authorized keys")
  const font = { fontFamily: "'DejaVu Sans Mono', 'Liberation Mono', monospace", fontSize: 14, lineHeight: 1.2 };
  const term = new Terminal({ cursorBlink: true, scrollback: 5000, ...font });
  term.open(el);
  // as many columns and rows as the box holds (the serial line has no size of its own to follow)
  const fit = () => {
    const probe = document.createElement('span');
    probe.style.cssText = `position:absolute;visibility:hidden;white-space:pre;font-family:${font.fontFamily};`
      + `font-size:${font.fontSize}px`;
    probe.textContent = 'W'.repeat(50);
    el.appendChild(probe);
    const cellWidth = probe.getBoundingClientRect().width / 50;
    probe.remove();
    const cellHeight = Math.ceil(font.fontSize * font.lineHeight);
    const cols = Math.max(20, Math.floor((el.clientWidth - 16) / cellWidth));
    const rows = Math.max(5, Math.floor((el.clientHeight - 8) / cellHeight));
    if (cols !== term.cols || rows !== term.rows) term.resize(cols, rows);
    el.dataset.cols = String(term.cols); // for tests
  };
  const observer = new ResizeObserver(() => fit());
  observer.observe(el);
  fit();
  const ws = new WebSocket(url, ['binary']);
  ws.binaryType = 'arraybuffer';
  const encoder = new TextEncoder();
  ws.onopen = () => { status(el, 'connected'); term.focus(); };
  ws.onmessage = (e) => term.write(new Uint8Array(e.data));
  ws.onclose = (e) => status(el, e.wasClean ? 'disconnected' : 'failed');
  term.onData((data) => { if (ws.readyState === WebSocket.OPEN) ws.send(encoder.encode(data)); });
  sessions.set(el, {
    disconnect() { observer.disconnect(); ws.close(); term.dispose(); },
    focus() { term.focus(); },
    text() { const b = term.buffer.active; let t = ''; for (let i = 0; i < b.length; i++) t += b.getLine(i).translateToString(true) + '\n'; return t; },
  });
}

/** What the serial terminal shows (for tests and screen readers' users who copy it). */
export function serialText(el) { const s = sessions.get(el); return s && s.text ? s.text() : ''; }

export function disconnect(el) {
  const session = sessions.get(el);
  if (session) {
    sessions.delete(el);
    try { session.disconnect(); } catch (e) { /* already closed */ }
  }
}

export function ctrlAltDel(el) { sessions.get(el)?.sendCtrlAltDel?.(); }

export function setScaling(el, on) { const rfb = sessions.get(el); if (rfb && 'scaleViewport' in rfb) rfb.scaleViewport = on; }

/**
 * Types text into the screen as key presses in the guest's keyboard layout ('us' or 'de'). Text with characters
 * that layout cannot type is not typed at all (half a command typed is worse than none): resolves to those
 * characters, to '' when typed, or to null without a screen session.
 */
export async function typeText(el, text, layout) {
  const rfb = sessions.get(el);
  if (!rfb || !rfb.sendKey) return null;
  const { keystrokes, press } = await import('/vireo/keyboard-layouts.js');
  const { strokes, missing } = keystrokes(String(text).slice(0, MAX_TYPED), layout);
  if (missing) return missing;
  await press(rfb, strokes);
  el.dataset.typed = String(Number(el.dataset.typed || 0) + 1); // how many texts were typed (for tests)
  return '';
}

const MAX_TYPED = 4096;

export function fullscreen(el) { if (el.requestFullscreen) el.requestFullscreen(); }
