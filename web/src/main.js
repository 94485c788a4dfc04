// The Dossier page: a claim board, a document view with claims, speakers, cues and hedges
// marked in the text, a map of places with their claim counts, and a timeline.
//
// Safety rule for this file: text that comes from the store (document text, titles, names,
// claims) is only ever put in the page with textContent or as attribute values set through
// DOM APIs — never innerHTML — so a report containing <script>, onerror= or javascript:
// shows as characters and runs nothing. The server's Content-Security-Policy
// (script-src 'self') is the second line of defence.

import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { feature } from 'topojson-client';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import './style.css';

const PAGE = 50;

// ---- small helpers ------------------------------------------------------------------------

/** Creates an element; `props` may hold className, text, title, dataset, and attributes. */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'className') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Only http(s) URLs become links; anything else (javascript:, data:) stays text. */
function safeHref(url) {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

async function api(path, options) {
  const res = await fetch(path, options);
  const type = res.headers.get('content-type') || '';
  const body = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const message = body && body.error ? body.error.message : `${res.status} ${res.statusText}`;
    throw new Error(message);
  }
  return body;
}

function showError(container, err) {
  container.replaceChildren(el('p', { className: 'error', role: 'alert', text: err.message }));
}

function speakerLabel(claim) {
  const s = claim.speaker;
  if (!s) return 'unattributed';
  return s.name || (s.mention && s.mention.text) || 'unnamed source';
}

function documentLabel(doc) {
  return doc.title || doc.site || `document ${doc.id.slice(0, 12)}`;
}

// ---- filters and the claim board ------------------------------------------------------------

const form = document.getElementById('filters');
const claimList = document.getElementById('claims');
const moreButton = document.getElementById('more');
const claimCount = document.getElementById('claim-count');
let nextOffset = null;
let selected = null; // { document, claim }

function currentFilters() {
  const data = new FormData(form);
  const params = new URLSearchParams();
  for (const [key, value] of data.entries()) {
    const v = String(value).trim();
    if (v) params.set(key, v);
  }
  return params;
}

async function loadClaims(append = false) {
  const params = currentFilters();
  params.set('limit', String(PAGE));
  if (append && nextOffset !== null) params.set('offset', String(nextOffset));
  if (!append) claimList.replaceChildren(el('li', { className: 'hint', text: 'Loading…' }));
  try {
    const page = await api(`/api/claims?${params}`);
    if (!append) claimList.replaceChildren();
    for (const hit of page.claims) claimList.append(claimCard(hit));
    nextOffset = page.next_offset;
    moreButton.hidden = nextOffset === null;
    const shown = claimList.querySelectorAll('.claim-card').length;
    claimCount.textContent = `(${shown}${nextOffset === null ? '' : '+'})`;
    if (shown === 0) {
      claimList.append(el('li', { className: 'hint', text: 'No claims match these filters.' }));
    }
  } catch (err) {
    showError(claimList, err);
  }
}

function claimCard(hit) {
  const { claim, document: doc } = hit;
  const places = hit.places.map((p) => p.name).join(', ');
  const card = el(
    'li',
    {
      className: 'claim-card',
      tabindex: '0',
      dataset: { claim: claim.id, document: doc.id, stance: claim.stance },
    },
    el(
      'div',
      { className: 'claim-head' },
      el('span', { className: 'speaker-name', text: speakerLabel(claim) }),
      hit.speaker_type ? el('span', { className: 'speaker-type', text: hit.speaker_type }) : null,
      el('span', { className: `stance stance-${claim.stance}`, text: claim.stance }),
    ),
    el('blockquote', { className: 'claim-content', text: claim.content.text }),
    hit.hedges.length
      ? el('div', { className: 'claim-hedges', text: `qualified by: ${hit.hedges.map((h) => h.text).join('; ')}` })
      : null,
    el(
      'div',
      { className: 'claim-source' },
      el('span', { text: documentLabel(doc) }),
      doc.published ? el('time', { datetime: doc.published, text: doc.published.slice(0, 10) }) : null,
      places ? el('span', { className: 'claim-places', text: places }) : null,
    ),
  );
  const open = () => openDocument(doc.id, claim.id);
  card.addEventListener('click', open);
  card.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open();
    }
  });
  return card;
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  refresh();
});
form.addEventListener('reset', () => setTimeout(refresh, 0));
moreButton.addEventListener('click', () => loadClaims(true));

// ---- the document view ----------------------------------------------------------------------

const docText = document.getElementById('doc-text');
const docMeta = document.getElementById('doc-meta');
const docHint = document.getElementById('doc-hint');
const docLegend = document.getElementById('doc-legend');
let shownRecord = null;

async function openDocument(id, claimId) {
  selected = { document: id, claim: claimId };
  for (const card of claimList.querySelectorAll('.claim-card')) {
    card.classList.toggle('active', card.dataset.document === id && card.dataset.claim === claimId);
  }
  try {
    if (!shownRecord || shownRecord.document.id !== id) {
      const stored = await api(`/api/documents/${encodeURIComponent(id)}`);
      shownRecord = stored.record;
      renderMeta(stored);
      renderText(shownRecord);
    }
    selectClaim(claimId);
  } catch (err) {
    showError(docText, err);
  }
}

function renderMeta(stored) {
  const info = stored.record.document;
  const source = info.source || {};
  const href = safeHref(source.url);
  docHint.hidden = true;
  docLegend.hidden = false;
  docMeta.replaceChildren(
    el('h3', { className: 'doc-title', text: info.title || `Document ${info.id.slice(0, 12)}` }),
    el(
      'p',
      { className: 'doc-facts' },
      source.site_name ? el('span', { text: source.site_name }) : null,
      source.byline ? el('span', { text: source.byline }) : null,
      source.published ? el('time', { datetime: source.published, text: source.published }) : null,
      href ? el('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank', text: href }) : null,
      !href && source.url ? el('span', { className: 'unsafe-url', text: source.url }) : null,
    ),
    el(
      'p',
      { className: 'doc-provenance' },
      el('span', { text: `id ${info.id}` }),
      stored.provenance.log_index !== null && stored.provenance.log_index !== undefined
        ? el('a', {
            href: `/api/archive/${stored.provenance.log_index}/proof`,
            text: `log entry ${stored.provenance.log_index} (proof)`,
          })
        : null,
    ),
  );
}

/** Marks: [start, end) in code points, with a kind and the claim they belong to. */
function marksOf(record) {
  const marks = [];
  for (const c of record.claims) {
    const segments = c.content.segments && c.content.segments.length ? c.content.segments : [c.content.span];
    for (const [start, end] of segments) marks.push({ start, end, kind: 'claim', claim: c.id, stance: c.stance });
    if (c.speaker && c.speaker.mention) {
      const [start, end] = c.speaker.mention.span;
      marks.push({ start, end, kind: 'speaker', claim: c.id });
    }
    if (c.cue) marks.push({ start: c.cue.span[0], end: c.cue.span[1], kind: 'cue', claim: c.id });
  }
  for (const h of record.hedges) {
    marks.push({ start: h.span[0], end: h.span[1], kind: 'hedge', claim: h.claim || null, hedgeType: h.type });
  }
  return marks;
}

function renderText(record) {
  const chars = Array.from(record.document.text); // code points, as the spans count them
  const marks = marksOf(record).filter((m) => m.start < m.end && m.end <= chars.length);
  const cuts = new Set([0, chars.length]);
  for (const m of marks) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const fragment = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const text = chars.slice(a, b).join('');
    const covering = marks.filter((m) => m.start <= a && m.end >= b);
    if (covering.length === 0) {
      fragment.append(document.createTextNode(text));
      continue;
    }
    const kinds = [...new Set(covering.map((m) => m.kind))];
    const claims = [...new Set(covering.map((m) => m.claim).filter(Boolean))];
    const span = el('span', {
      className: ['mark', ...kinds].join(' '),
      dataset: { claims: claims.join(' ') },
      title: covering.map((m) => (m.kind === 'claim' ? `claim ${m.claim} (${m.stance})` : m.kind)).join(', '),
      text,
    });
    const claimMark = covering.find((m) => m.kind === 'claim');
    if (claimMark) {
      span.addEventListener('click', () => {
        selected = { document: record.document.id, claim: claimMark.claim };
        selectClaim(claimMark.claim);
      });
    }
    fragment.append(span);
  }
  docText.replaceChildren(fragment);
}

function selectClaim(claimId) {
  let first = null;
  for (const span of docText.querySelectorAll('.mark')) {
    const on = span.classList.contains('claim') && span.dataset.claims.split(' ').includes(claimId);
    span.classList.toggle('selected', on);
    if (on && !first) first = span;
  }
  if (first) first.scrollIntoView({ block: 'center', behavior: 'instant' });
}

// ---- the map ----------------------------------------------------------------------------------

const map = L.map('map', { worldCopyJump: false, minZoom: 2, maxZoom: 12, zoomSnap: 0.5 }).setView([49, 32], 5);
map.attributionControl.setPrefix(false);
map.attributionControl.addAttribution('Outlines: Natural Earth (world-atlas)');
const markerLayer = L.layerGroup().addTo(map);

async function loadOutlines() {
  try {
    const topology = await api(countriesUrl);
    const countries = feature(topology, topology.objects.countries);
    L.geoJSON(countries, {
      interactive: false,
      style: { color: '#7a8591', weight: 0.7, fillColor: '#eef0ea', fillOpacity: 1 },
    }).addTo(map);
    markerLayer.eachLayer((m) => m.bringToFront());
  } catch (err) {
    console.warn('map outlines unavailable:', err.message);
  }
}

async function loadPlaces() {
  const params = currentFilters();
  try {
    const collection = await api(`/api/places?${params}`);
    markerLayer.clearLayers();
    const bounds = [];
    const claimed = [];
    for (const f of collection.features) {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties;
      const weight = p.claim_count || 0;
      const marker = L.circleMarker([lat, lon], {
        radius: 5 + Math.sqrt(weight) * 3,
        className: `place-marker${weight ? ' has-claims' : ''}`,
        color: '#8c2d04',
        weight: 1.5,
        fillColor: weight ? '#e6550d' : '#fdae6b',
        fillOpacity: 0.8,
      });
      const label = `${p.name}: ${p.claim_count} claims, ${p.document_count} documents`;
      marker.bindTooltip(el('span', { text: label }));
      marker.on('click', () => {
        form.elements.place.value = String(p.geonameid);
        refresh();
      });
      marker.addTo(markerLayer);
      const path = marker.getElement();
      if (path) {
        path.setAttribute('data-geonameid', String(p.geonameid));
        path.setAttribute('data-name', p.name);
        path.setAttribute('data-claims', String(p.claim_count));
        path.setAttribute('aria-label', label);
      }
      bounds.push([lat, lon]);
      if (weight) claimed.push([lat, lon]);
    }
    // Frame the places that claims are about; a passing mention elsewhere should not zoom
    // the map out to the whole world.
    const frame = claimed.length ? claimed : bounds;
    if (frame.length) map.fitBounds(frame, { padding: [30, 30], maxZoom: 7 });
  } catch (err) {
    console.warn('places unavailable:', err.message);
  }
}

// ---- the timeline -----------------------------------------------------------------------------

const timeline = document.getElementById('timeline');

async function loadTimeline() {
  try {
    const { days } = await api('/api/timeline');
    if (!days.length) {
      timeline.replaceChildren(el('p', { className: 'hint', text: 'No dated documents yet.' }));
      return;
    }
    const most = Math.max(...days.map((d) => d.claims || d.documents), 1);
    const bars = el('div', { className: 'bars' });
    for (const day of days) {
      const bar = el('button', {
        type: 'button',
        className: 'bar',
        title: `${day.date}: ${day.documents} documents, ${day.claims} claims`,
        dataset: { date: day.date },
      });
      bar.style.height = `${Math.max(4, ((day.claims || day.documents) / most) * 100)}%`;
      bar.addEventListener('click', () => {
        form.elements.since.value = day.date;
        form.elements.until.value = day.date;
        refresh();
      });
      bars.append(bar);
    }
    timeline.replaceChildren(
      bars,
      el('div', { className: 'axis' }, el('span', { text: days[0].date }), el('span', { text: days[days.length - 1].date })),
    );
  } catch (err) {
    showError(timeline, err);
  }
}

// ---- status and uploads -----------------------------------------------------------------------

const statusLine = document.getElementById('status');

async function loadStatus() {
  try {
    const s = await api('/api/status');
    statusLine.textContent = `${s.documents} documents · ${s.claims} claims · ${s.entities} entities · ${s.places} places · log of ${s.log_size} entries`;
    document.getElementById('upload-section').hidden = !s.writes_enabled;
  } catch (err) {
    statusLine.textContent = `The server did not answer: ${err.message}`;
  }
}

const uploadForm = document.getElementById('upload');
const uploadResult = document.getElementById('upload-result');
uploadForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = uploadForm.elements.file.files[0];
  if (!file) return;
  const body = new FormData();
  body.append('file', file, file.name);
  uploadResult.textContent = 'Ingesting…';
  try {
    const report = await api('/api/documents', {
      method: 'POST',
      headers: { Authorization: `Bearer ${uploadForm.elements.token.value.trim()}` },
      body,
    });
    const n = report.documents.length;
    uploadResult.textContent = `${n} document${n === 1 ? '' : 's'} (log entry ${report.log_index}): ${report.documents
      .map((d) => `${d.outcome}, ${d.claims} claims`)
      .join('; ')}`;
    refresh();
  } catch (err) {
    uploadResult.textContent = `Not ingested: ${err.message}`;
  }
});

// ---- start ------------------------------------------------------------------------------------

function refresh() {
  loadClaims();
  loadPlaces();
}

loadStatus();
loadOutlines();
loadTimeline();
refresh();
