// Vireo's browser console: a thin layer over noVNC's RFB (served by the portal under /novnc/, fetched at build
// time from npm). The Java view calls these functions; status changes go back as 'vireo-console-status' events.
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

export function disconnect(el) {
  const rfb = sessions.get(el);
  if (rfb) {
    sessions.delete(el);
    try { rfb.disconnect(); } catch (e) { /* already closed */ }
  }
}

export function ctrlAltDel(el) { sessions.get(el)?.sendCtrlAltDel(); }

export function setScaling(el, on) { const rfb = sessions.get(el); if (rfb) rfb.scaleViewport = on; }

export function paste(el, text) { sessions.get(el)?.clipboardPasteFrom(text); }

export function fullscreen(el) { if (el.requestFullscreen) el.requestFullscreen(); }
