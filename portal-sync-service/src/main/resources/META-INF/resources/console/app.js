// The operator console: signs in with the organisation's OpenID Connect provider (authorization code + PKCE), reads
// portal-sync-service's API with the access token, follows the feed's Server-Sent Events for everything live.
// No framework, no CDN: what the page needs is here. Every figure the server answers is already masked.
'use strict';
(function () {
  const TZ = 'Asia/Ho_Chi_Minh';
  const ANSWER_COLOURS = { '0': '#067647', '2': '#b42318', '3': '#2e90fa', '4': '#7a5af8', '-1': '#98a2b3',
    '9': '#f79009', 'other': '#912018' };
  const ALERT_KINDS = ['DUE_SOON', 'OVERDUE', 'STALLED_SHIPMENT', 'FAILED_DELIVERY', 'PARKED', 'DISABLED_WEBHOOK',
    'RECONCILIATION_DRIFT', 'CLIENT_LIMITED'];
  let lang = localStorage.getItem('bcci-lang') || 'vi';
  let config = null;
  let me = null;
  const main = document.getElementById('main');

  // ---- text, dates and numbers ----------------------------------------------------------------------------------
  function t(key, ...args) {
    const text = (BCCI_TEXT[lang] && BCCI_TEXT[lang][key]) || BCCI_TEXT.vi[key] || key;
    return text.replace(/\{(\d)\}/g, (m, i) => args[i] ?? '');
  }
  /** The label of a value when the console has one ('status.IN_PROGRESS'), else the value as the server said it. */
  const label = (prefix, value) => (value && BCCI_TEXT.vi[prefix + value] ? t(prefix + value) : value);
  const locale = () => (lang === 'vi' ? 'vi-VN' : 'en-GB');
  const num = n => (n === null || n === undefined ? '–' : new Intl.NumberFormat(locale()).format(n));
  const pct = r => (r === null || r === undefined ? '–'
    : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(r));
  const when = iso => (iso ? new Intl.DateTimeFormat(locale(), { timeZone: TZ, dateStyle: 'short', timeStyle: 'short' })
    .format(new Date(iso)) : '–');
  const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;',
    "'": '&#39;' }[c]));
  function duration(seconds) {
    if (seconds === null || seconds === undefined) { return '–'; }
    if (seconds < 3600) { return num(Math.round(seconds / 60)) + ' ' + t('minutes'); }
    if (seconds < 172800) { return num(Math.round(seconds / 360) / 10) + ' ' + t('hours'); }
    return num(Math.round(seconds / 8640) / 10) + ' ' + t('days');
  }
  /** Working time: working days of eight office hours, and hours (docs/domain.md §6). */
  function workingDuration(seconds) {
    if (seconds === null || seconds === undefined) { return '–'; }
    const days = Math.floor(seconds / 28800), hours = Math.round((seconds % 28800) / 360) / 10;
    return (days ? num(days) + ' ' + t('workdays') + (hours ? ' ' : '') : '') + (hours || !days ? num(hours) + ' ' + t('workhours') : '');
  }
  function translateStatic() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-t]').forEach(el => { el.textContent = t(el.dataset.t); });
    document.title = t('title');
    document.getElementById('lang').textContent = lang === 'vi' ? 'English' : 'Tiếng Việt';
  }

  // ---- sign-in: authorization code with PKCE ----------------------------------------------------------------------
  const b64url = bytes => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_')
    .replace(/=+$/, '');
  const random = n => b64url(crypto.getRandomValues(new Uint8Array(n)));
  const redirectUri = () => location.origin + location.pathname;
  let discovery = null;
  async function provider() {
    if (!discovery) {
      config = config || await (await fetch('console/config.json')).json();
      discovery = await (await fetch(config.oidcUrl + '/.well-known/openid-configuration')).json();
    }
    return discovery;
  }
  async function signIn() {
    const p = await provider();
    const verifier = random(48);
    const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const state = random(16);
    sessionStorage.setItem('bcci-pkce', JSON.stringify({ verifier, state, back: location.hash || '#/' }));
    const q = new URLSearchParams({ response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(),
      scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256', state, nonce: random(16),
      ui_locales: lang });
    main.innerHTML = `<p class="muted">${esc(t('signin.needed'))}</p>`;
    location.assign(p.authorization_endpoint + '?' + q);
  }
  async function completeSignIn(params) {
    const pending = JSON.parse(sessionStorage.getItem('bcci-pkce') || 'null');
    sessionStorage.removeItem('bcci-pkce');
    if (!pending || params.get('state') !== pending.state || params.get('error')) {
      throw new Error(t('signin.failed') + (params.get('error_description') ? ': ' + params.get('error_description') : ''));
    }
    const p = await provider();
    const r = await fetch(p.token_endpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: params.get('code'), client_id: config.clientId,
        redirect_uri: redirectUri(), code_verifier: pending.verifier }) });
    const tokens = await r.json();
    if (!r.ok) { throw new Error(t('signin.failed') + ': ' + (tokens.error_description || r.status)); }
    sessionStorage.setItem('bcci-token', tokens.access_token);
    if (tokens.refresh_token) { sessionStorage.setItem('bcci-refresh', tokens.refresh_token); }
    history.replaceState(null, '', redirectUri() + pending.back);
  }
  // The access token lasts an hour; the sign-in a working day: five minutes before the token expires the console
  // trades its refresh token for a new pair, without reloading the page (a failure is tried again every 30 s).
  let renewal = null;
  async function renew() {
    const refresh = sessionStorage.getItem('bcci-refresh');
    if (!refresh) { return false; }
    const p = await provider();
    const r = await fetch(p.token_endpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh, client_id: config.clientId }) });
    if (!r.ok) { return false; }
    const tokens = await r.json();
    sessionStorage.setItem('bcci-token', tokens.access_token);
    sessionStorage.setItem('bcci-refresh', tokens.refresh_token);
    me = currentUser();
    return true;
  }
  function scheduleRenewal() {
    clearTimeout(renewal);
    const c = claims(me.token);
    const wait = Math.max(10000, c.exp * 1000 - Date.now() - 300000);
    renewal = setTimeout(async () => {
      const renewed = await renew().catch(() => false);
      if (renewed) { scheduleRenewal(); return; }
      if (claims(me.token).exp * 1000 > Date.now() + 30000) { renewal = setTimeout(scheduleRenewal, 30000); return; }
      signIn();
    }, wait);
  }
  /** For the browser tests: renews the sign-in now, as the schedule would before the token expires. */
  window.bcciRenewNow = async () => { const ok = await renew(); if (ok) { scheduleRenewal(); } return ok; };
  function claims(token) {
    try { return JSON.parse(decodeURIComponent(escape(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))))); }
    catch (e) { return null; }
  }
  function currentUser() {
    const token = sessionStorage.getItem('bcci-token');
    const c = token && claims(token);
    if (!c || c.exp * 1000 < Date.now() + 30000) { return null; }
    const roles = c.groups || [];
    return { token, name: c.name || c.upn || c.sub, roles, agency: c.agency || null,
      operator: roles.includes('operator') || roles.includes('admin') };
  }
  async function signOut() {
    clearTimeout(renewal);
    const refresh = sessionStorage.getItem('bcci-refresh');
    sessionStorage.removeItem('bcci-token');
    sessionStorage.removeItem('bcci-refresh');
    const p = await provider();
    if (refresh && p.revocation_endpoint) { // the sign-in ends here: the refresh token renews nothing any more
      await fetch(p.revocation_endpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: refresh, client_id: config.clientId }) }).catch(() => null);
    }
    location.assign(p.end_session_endpoint
      ? p.end_session_endpoint + '?' + new URLSearchParams({ post_logout_redirect_uri: redirectUri(), client_id: config.clientId })
      : redirectUri());
  }

  // ---- the API ----------------------------------------------------------------------------------------------------
  class ApiError extends Error { constructor(status, message) { super(message); this.status = status; } }
  async function api(path, options = {}) {
    const headers = { Authorization: 'Bearer ' + me.token, Accept: 'application/json', ...(options.headers || {}) };
    if (options.body) { headers['Content-Type'] = 'application/json'; }
    const r = await fetch(path, { ...options, headers });
    if (r.status === 401) { await signIn(); throw new ApiError(401, t('signin.needed')); }
    if (!r.ok) {
      let detail = r.status + '';
      try { const p = await r.json(); detail = p.detail || p.title || detail; } catch (e) { /* not problem+json */ }
      throw new ApiError(r.status, r.status === 403 ? t('forbidden') : detail);
    }
    return r.status === 204 ? null : r.json();
  }
  const failure = e => `<p class="err" role="alert">${esc(t('error', e.message))}</p>`;

  // ---- live: the feed's Server-Sent Events, read with fetch (an EventSource cannot send a bearer token) -----------
  const live = { last: 0, listeners: new Set(), running: false, controller: null };
  function follow(after) {
    live.last = Math.max(live.last, after || 0);
    if (live.running) { return; }
    live.running = true;
    (async function loop() {
      let wait = 1000;
      while (live.running) {
        try {
          live.controller = new AbortController();
          const r = await fetch('/api/v1/feed/stream', { headers: { Authorization: 'Bearer ' + me.token,
            Accept: 'text/event-stream', 'Last-Event-ID': String(live.last) }, signal: live.controller.signal });
          if (r.status === 401) { live.running = false; await signIn(); return; }
          if (!r.ok) { throw new Error('stream ' + r.status); }
          setLive(true);
          wait = 1000;
          const reader = r.body.getReader();
          const decoder = new TextDecoder();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) { break; }
            buffer += decoder.decode(value, { stream: true });
            let cut;
            while ((cut = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, cut);
              buffer = buffer.slice(cut + 2);
              const event = { id: null, name: 'message', data: '' };
              block.split('\n').forEach(line => {
                if (line.startsWith('id:')) { event.id = line.slice(3).trim(); }
                else if (line.startsWith('event:')) { event.name = line.slice(6).trim(); }
                else if (line.startsWith('data:')) { event.data += line.slice(5).trim(); }
              });
              if (event.id) { live.last = Math.max(live.last, Number(event.id)); }
              if (event.data) {
                const entry = JSON.parse(event.data);
                live.listeners.forEach(f => f(entry));
              }
            }
          }
        } catch (e) {
          if (!live.running) { return; }
        }
        setLive(false);
        await new Promise(res => setTimeout(res, wait));
        wait = Math.min(wait * 2, 15000);
      }
    })();
  }
  function setLive(on) {
    const el = document.getElementById('live');
    el.textContent = '● ' + t(on ? 'live.on' : 'live.off');
    el.className = on ? 'ok' : 'err';
    el.dataset.live = on ? 'on' : 'off';
  }
  function onLive(listener) { live.listeners.add(listener); return () => live.listeners.delete(listener); }
  let pageCleanup = () => {};
  /** Counts the pages shown: a page still loading when the next is asked for writes nothing more. */
  let routeGeneration = 0;
  const stale = gen => gen !== routeGeneration;

  // ---- confirmation dialog ------------------------------------------------------------------------------------------
  function confirmAction(question) {
    return new Promise(resolve => {
      const d = document.createElement('dialog');
      d.setAttribute('aria-labelledby', 'confirm-q');
      d.innerHTML = `<p id="confirm-q">${esc(question)}</p><menu><button type="button" class="secondary" value="no">`
        + `${esc(t('cancel'))}</button><button type="button" class="act" value="yes" id="confirm-yes">${esc(t('confirm'))}</button></menu>`;
      document.body.appendChild(d);
      d.querySelectorAll('button').forEach(b => b.addEventListener('click', () => { d.close(b.value); }));
      d.addEventListener('close', () => { resolve(d.returnValue === 'yes'); d.remove(); });
      d.showModal();
      d.querySelector('#confirm-yes').focus();
    });
  }

  // ---- small SVG charts ----------------------------------------------------------------------------------------------
  function answerClass(answer) { return ANSWER_COLOURS[answer] ? answer : 'other'; }
  function answersChart(counts) {
    if (!counts.length) { return `<p class="muted">${esc(t('answers.none'))}</p>`; }
    const now = Math.floor(Date.now() / 60000);
    const minutes = Array.from({ length: 60 }, (_, i) => now - 59 + i);
    const byMinute = new Map(minutes.map(m => [m, {}]));
    counts.forEach(c => {
      const m = Math.floor(Date.parse(c.minute) / 60000);
      if (byMinute.has(m)) { const k = answerClass(c.answer); byMinute.get(m)[k] = (byMinute.get(m)[k] || 0) + c.calls; }
    });
    const max = Math.max(1, ...[...byMinute.values()].map(v => Object.values(v).reduce((a, b) => a + b, 0)));
    const W = 600, H = 140, bw = W / 60;
    let bars = '';
    minutes.forEach((m, i) => {
      let y = H;
      Object.keys(ANSWER_COLOURS).forEach(k => {
        const n = byMinute.get(m)[k] || 0;
        if (!n) { return; }
        const h = n / max * (H - 10);
        y -= h;
        bars += `<rect x="${(i * bw + 1).toFixed(1)}" y="${y.toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${ANSWER_COLOURS[k]}"><title>${esc(when(new Date(m * 60000).toISOString()))}: ${num(n)} ${esc(t('answer.' + k))}</title></rect>`;
      });
    });
    const total = {};
    counts.forEach(c => { const k = answerClass(c.answer); total[k] = (total[k] || 0) + c.calls; });
    const legend = Object.keys(total).map(k => `<span><i style="background:${ANSWER_COLOURS[k]}"></i>${esc(t('answer.' + k))}: ${num(total[k])}</span>`).join('');
    return `<div class="chart"><svg viewBox="0 0 ${W} ${H + 16}" role="img" aria-label="${esc(t('answers.title'))}">`
      + `<line x1="0" y1="${H}" x2="${W}" y2="${H}" stroke="#98a2b3"/>${bars}`
      + `<text x="0" y="${H + 13}" font-size="11" fill="#475467">−60 ${esc(t('answers.minute'))}</text>`
      + `<text x="${W}" y="${H + 13}" font-size="11" fill="#475467" text-anchor="end">${esc(when(new Date().toISOString()))}</text>`
      + `<text x="2" y="10" font-size="11" fill="#475467">${num(max)} ${esc(t('answers.calls'))}</text></svg>`
      + `<div class="legend">${legend}</div></div>`;
  }
  function reportChart(months) {
    const W = 640, H = 200, left = 40, right = 40, plotW = W - left - right;
    const max = Math.max(1, ...months.map(m => m.received.total));
    const step = plotW / Math.max(1, months.length);
    const channels = [['online', '#2e90fa'], ['inPerson', '#7a5af8'], ['postal', '#9b1c1c']];
    let bars = '', line = '', dots = '', labels = '';
    months.forEach((m, i) => {
      let y = H;
      channels.forEach(([k, colour]) => {
        const h = m.received[k] / max * (H - 20);
        y -= h;
        bars += `<rect x="${(left + i * step + step * 0.2).toFixed(1)}" y="${y.toFixed(1)}" width="${(step * 0.6).toFixed(1)}" height="${h.toFixed(1)}" fill="${colour}"><title>${esc(m.label)} – ${esc(t('r.' + k))}: ${num(m.received[k])}</title></rect>`;
      });
      const rate = m.resolved.onTimeRate;
      if (rate !== null && rate !== undefined) {
        const x = left + i * step + step / 2, ry = H - rate * (H - 20);
        line += (line ? ' L' : 'M') + x.toFixed(1) + ' ' + ry.toFixed(1);
        dots += `<circle cx="${x.toFixed(1)}" cy="${ry.toFixed(1)}" r="3.5" fill="#067647"><title>${esc(m.label)} – ${esc(t('r.onTimeRate'))}: ${pct(rate)}</title></circle>`;
      }
      labels += `<text x="${(left + i * step + step / 2).toFixed(1)}" y="${H + 14}" font-size="11" text-anchor="middle" fill="#475467">${esc(m.label)}</text>`;
    });
    return `<div class="chart"><svg viewBox="0 0 ${W} ${H + 20}" role="img" aria-label="${esc(t('report.chart'))}">`
      + `<line x1="${left}" y1="${H}" x2="${W - right}" y2="${H}" stroke="#98a2b3"/>`
      + `<text x="${left - 4}" y="24" font-size="11" text-anchor="end" fill="#475467">${num(max)}</text>`
      + `<text x="${W - right + 4}" y="24" font-size="11" fill="#067647">100 %</text>`
      + `<text x="${W - right + 4}" y="${H}" font-size="11" fill="#067647">0 %</text>`
      + bars + (line ? `<path d="${line}" fill="none" stroke="#067647" stroke-width="2"/>` : '') + dots + labels + '</svg>'
      + `<div class="legend">${channels.map(([k, c]) => `<span><i style="background:${c}"></i>${esc(t('r.' + k))}</span>`).join('')}`
      + `<span><i style="background:#067647"></i>${esc(t('r.onTimeRate'))}</span></div></div>`;
  }

  /** An alert's detail in words: the server's codes (statuses, a shipment's leg and state, a drift, a door) labelled. */
  function alertDetail(kind, d) {
    if (d === null || d === undefined) { return ''; }
    let m;
    switch (kind) {
      case 'DUE_SOON': case 'OVERDUE': case 'FAILED_DELIVERY': return label('status.', d);
      case 'STALLED_SHIPMENT': return d.split(' ').filter(Boolean).map(w => label('ship.', w)).join(', ');
      case 'RECONCILIATION_DRIFT':
        if ((m = /^STALE_STATUS: the portal shows status (\S+), we sent (\S+)$/.exec(d))) { return t('drift.STALE_STATUS', m[1], m[2]); }
        if ((m = /^MISSING_ENTRIES: (\d+) /.exec(d))) { return t('drift.MISSING_ENTRIES', num(+m[1])); }
        return label('drift.', d.replace(/:.*$/, ''));
      case 'CLIENT_LIMITED':
        m = /^(\S+) at (\S+) (\S+): (\d+) refused, (\d+) taken$/.exec(d);
        return m ? t('limited.detail', m[1], m[2], label('door.', m[3]), num(+m[4]), num(+m[5])) : d;
      default: return d;
    }
  }

  /** An audit entry's target and detail in words: the server records them in its own terms (AuditLog). */
  function auditTarget(target) {
    const m = /^(reconciliation|webhook) (\d+)$/.exec(target || '');
    return m ? t('audit.target.' + m[1], m[2]) : target;
  }
  function auditDetail(action, d) {
    let m;
    switch (action) {
      case 'RESEND_DOSSIER':
        return (m = /^was (\S+): ?(.*)$/.exec(d || '')) ? t('audit.was', label('sync.', m[1])) + (m[2] ? ' · ' + m[2] : '') : d;
      case 'RECOVER_WEBHOOK':
        return (m = /^was (\S+)(?:, from sequence (\d+))?$/.exec(d || ''))
          ? t('audit.was', label('state.', m[1])) + (m[2] ? ' · ' + t('audit.fromSequence', num(+m[2])) : '') : d;
      case 'START_RECONCILIATION':
        return (m = /^(\S+)(?: (\S+))?$/.exec(d || '')) ? label('mode.', m[1]) + (m[2] ? ' · ' + pct(+m[2]) : '') : d;
      case 'ERASE_PERSONAL_DATA': return t('audit.erased');
      default: return d;
    }
  }

  // ---- pages --------------------------------------------------------------------------------------------------------
  const tile = (label, value, cls, href) => (href
    ? `<a class="tile ${cls}" href="${href}">${esc(label)}<b>${esc(value)}</b></a>`
    : `<div class="tile ${cls}">${esc(label)}<b>${esc(value)}</b></div>`);
  const dossierLink = code => (code ? `<a href="#/dossier/${encodeURIComponent(code)}">${esc(code)}</a>` : '–');
  function feedRow(e) {
    return `<tr><td>${esc(when(e.at))}</td><td>${esc(t('kind.' + e.kind))}</td><td>${dossierLink(e.dossierCode)}</td>`
      + `<td>${esc(e.summary)}</td></tr>`;
  }

  async function overview() {
    const gen = routeGeneration;
    const agency = new URLSearchParams(location.hash.split('?')[1] || '').get('agency') || '';
    const scope = agency ? 'agency=' + encodeURIComponent(agency) : '';
    main.innerHTML = (me.operator ? `<form class="inline wide" id="scope" style="grid-column:1/-1;margin:0">`
        + `<label for="overviewAgency">${esc(t('overview.agency'))}<input id="overviewAgency" value="${esc(agency)}" size="18"></label>`
        + `<button class="act" type="submit">${esc(t('overview.show'))}</button></form>` : '')
      + `<section id="sync"><h2>${esc(t('sync.title'))}</h2><div class="tiles" id="syncTiles"></div></section>`
      + `<section id="alerts"><h2>${esc(t('alerts.title'))}${agency ? ' – ' + esc(agency) : ''}</h2><div class="tiles" id="alertTiles"></div></section>`
      + `<section><h2>${esc(t('answers.title'))}${agency ? ' – ' + esc(agency) : ''}</h2><div id="answers"></div></section>`
      + `<section class="wide"><h2>${esc(t('feed.title'))}</h2><div id="feed"><table><thead><tr><th>${esc(t('col.time'))}</th>`
      + `<th>${esc(t('col.kind'))}</th><th>${esc(t('col.dossier'))}</th><th>${esc(t('col.content'))}</th></tr></thead>`
      + `<tbody id="feedRows"></tbody></table></div></section>`;
    document.getElementById('scope')?.addEventListener('submit', ev => {
      ev.preventDefault();
      const a = document.getElementById('overviewAgency').value.trim();
      location.hash = '#/' + (a ? '?agency=' + encodeURIComponent(a) : '');
    });
    let pending = null;
    async function refresh() {
      const [summary, alerts, answers] = await Promise.all([
        me.operator ? api('/api/v1/sync/summary').catch(() => null) : Promise.resolve(null),
        api('/api/v1/alerts?' + scope), api('/api/v1/sync/answers?minutes=60&' + scope)]);
      const syncTiles = document.getElementById('syncTiles');
      if (stale(gen) || !syncTiles) { return; } // a refresh of this page never writes into the next one
      if (summary) {
        const s = summary.sync;
        syncTiles.innerHTML = tile(t('sync.lag'), duration(s.lagSeconds), s.lagSeconds > 300 ? 'bad' : 'ok')
          + tile(t('sync.owedDossiers'), num(s.dossiersOwed), s.dossiersOwed ? 'warn' : 'ok')
          + tile(t('sync.owedEntries'), num(s.entriesOwed), s.entriesOwed ? 'warn' : 'ok')
          + tile(t('sync.parked'), num(s.parked), s.parked ? 'bad' : 'ok')
          + tile(t('sync.breaker'), t(summary.breakerOpen ? 'breaker.open' : 'breaker.closed'), summary.breakerOpen ? 'bad' : 'ok');
      } else {
        document.getElementById('sync').hidden = true;
      }
      document.getElementById('alertTiles').innerHTML = ALERT_KINDS.map(k => tile(t('alert.' + k), num(alerts.counts[k]),
        alerts.counts[k] ? 'bad' : 'ok', '#/alerts/' + k)).join('');
      document.getElementById('answers').innerHTML = answersChart(answers);
      const recent = answers.filter(c => Date.parse(c.minute) > Date.now() - 3 * 60000);
      const unreachable = (summary && summary.breakerOpen) || (recent.length > 0
        && recent.every(c => c.answer.startsWith('http') || c.answer === 'timeout' || c.answer === '9'));
      const banner = document.getElementById('banner');
      banner.hidden = !unreachable;
      banner.textContent = t('banner.portal');
    }
    const later = () => { if (!pending) { pending = setTimeout(() => { pending = null; refresh().catch(() => {}); }, 800); } };
    const page = await api('/api/v1/feed?newest=true&limit=50&' + scope);
    if (stale(gen)) { return; }
    const rows = document.getElementById('feedRows');
    rows.innerHTML = page.entries.slice().reverse().map(feedRow).join('')
      || `<tr class="empty"><td colspan="4" class="muted">${esc(t('feed.empty'))}</td></tr>`;
    await refresh();
    if (stale(gen)) { return; }
    const off = onLive(entry => {
      const body = document.getElementById('feedRows');
      if (!body || (agency && entry.agencyCode !== agency)) { return; }
      body.querySelector('tr.empty')?.remove();
      body.insertAdjacentHTML('afterbegin', feedRow(entry));
      while (body.rows.length > 200) { body.deleteRow(body.rows.length - 1); }
      later();
    });
    // the answers chart moves with the clock even when nothing happens
    const clock = setInterval(later, 60000);
    pageCleanup = () => { off(); clearInterval(clock); clearTimeout(pending); };
    // the stream carries every agency's entries the caller may see; the page keeps the chosen agency's
    follow(page.last);
  }

  async function alertsPage(kind) {
    const gen = routeGeneration;
    if (!kind) {
      const alerts = await api('/api/v1/alerts');
      if (stale(gen)) { return; }
      main.innerHTML = `<section class="wide"><h2>${esc(t('alerts.title'))}</h2><div class="tiles">`
        + ALERT_KINDS.map(k => tile(t('alert.' + k), num(alerts.counts[k]), alerts.counts[k] ? 'bad' : 'ok', '#/alerts/' + k)).join('')
        + '</div></section>';
      const off = onLive(() => { if (location.hash === '#/alerts') { route(); } });
      pageCleanup = off;
      return;
    }
    const list = await api('/api/v1/alerts/' + encodeURIComponent(kind) + '?limit=200');
    if (stale(gen)) { return; }
    const canAct = me.operator && (kind === 'PARKED' || kind === 'DISABLED_WEBHOOK');
    main.innerHTML = `<section class="wide"><h2 id="alertTitle">${esc(t('alert.' + kind))} (${num(list.length)})</h2>`
      + (list.length ? `<table id="alertList"><thead><tr><th>${esc(t('col.dossier'))}</th><th>${esc(t('col.agency'))}</th>`
        + `<th>${esc(t('col.item'))}</th><th>${esc(t('col.since'))}</th><th>${esc(t('col.detail'))}</th>`
        + (canAct ? `<th>${esc(t('col.action'))}</th>` : '') + '</tr></thead><tbody>'
        + list.map(a => `<tr data-dossier="${esc(a.dossierCode)}"><td>${dossierLink(a.dossierCode)}</td><td>${esc(a.agencyCode)}</td>`
          + `<td>${a.itemCode ? `<a href="#/dossier/${encodeURIComponent(a.itemCode)}">${esc(a.itemCode)}</a>` : '–'}</td>`
          + `<td>${esc(when(a.since))}</td><td>${esc(alertDetail(kind, a.detail))}</td>`
          + (canAct ? `<td>${kind === 'PARKED'
            ? `<button type="button" class="act resend" data-code="${esc(a.dossierCode)}">${esc(t('resend'))}</button>`
            : `<button type="button" class="act recover" data-id="${esc((a.detail || '').replace(/^#(\d+).*/, '$1'))}">${esc(t('recover'))}</button>`}</td>` : '')
          + '</tr>').join('') + '</tbody></table>'
        : `<p class="muted">${esc(t('alerts.empty'))}</p>`) + '<p id="actionResult" role="status"></p></section>';
    main.querySelectorAll('button.resend').forEach(b => b.addEventListener('click', async () => {
      if (!await confirmAction(t('resend.confirm', b.dataset.code))) { return; }
      b.disabled = true;
      try {
        await api('/api/v1/sync/' + encodeURIComponent(b.dataset.code) + '/retry', { method: 'POST' });
        document.getElementById('actionResult').textContent = t('resend.done', b.dataset.code);
      } catch (e) { document.getElementById('actionResult').innerHTML = failure(e); b.disabled = false; }
    }));
    main.querySelectorAll('button.recover').forEach(b => b.addEventListener('click', async () => {
      if (!await confirmAction(t('recover.confirm', b.dataset.id))) { return; }
      b.disabled = true;
      try {
        await api('/api/v1/webhooks/' + encodeURIComponent(b.dataset.id) + '/recover', { method: 'POST', body: '{}' });
        document.getElementById('actionResult').textContent = t('recover.done', b.dataset.id);
      } catch (e) { document.getElementById('actionResult').innerHTML = failure(e); b.disabled = false; }
    }));
    // a list follows the feed: an alert raised or cleared elsewhere shows without a reload
    let pending = null;
    pageCleanup = onLive(() => {
      if (!pending) {
        pending = setTimeout(async () => {
          pending = null;
          const fresh = await api('/api/v1/alerts/' + encodeURIComponent(kind) + '?limit=200').catch(() => null);
          if (fresh && location.hash === '#/alerts/' + kind) {
            const shown = [...main.querySelectorAll('tr[data-dossier]')].map(r => r.dataset.dossier).join();
            if (fresh.map(a => a.dossierCode ?? '').join() !== shown) { route(); }
          }
        }, 800);
      }
    });
  }

  async function dossierPage(key) {
    const gen = routeGeneration;
    main.innerHTML = `<section class="wide"><h2>${esc(t('nav.dossier'))}</h2><form class="inline" id="find" role="search">`
      + `<label for="key">${esc(t('dossier.search'))}<input id="key" name="key" size="32" value="${esc(key || '')}" required></label>`
      + `<button class="act" type="submit">${esc(t('dossier.find'))}</button></form><div id="dossier"></div></section>`;
    document.getElementById('find').addEventListener('submit', ev => {
      ev.preventDefault();
      location.hash = '#/dossier/' + encodeURIComponent(document.getElementById('key').value.trim());
    });
    if (!key) { document.getElementById('key').focus(); return; }
    const out = document.getElementById('dossier');
    let v;
    try { v = await api('/api/v1/timeline/' + encodeURIComponent(key)); }
    catch (e) {
      if (stale(gen)) { return; }
      out.innerHTML = e.status === 404 ? `<p class="err" role="alert">${esc(t('dossier.notFound', key))}</p>` : failure(e);
      return;
    }
    if (stale(gen)) { return; }
    const facts = [['dossier.status', v.status ? t('status.' + v.status) : '–'],
      ['dossier.sync', `<span class="pill ${esc(v.syncState)}">${esc(t('sync.' + v.syncState))}</span>`],
      ['col.agency', esc(v.agencyCode)], ['dossier.received', esc(when(v.receivedAt))], ['dossier.due', esc(when(v.dueAt))],
      ['dossier.finished', esc(when(v.finishedAt))], ['dossier.inbound', esc(v.inboundTrackingNumber || '–')]];
    out.innerHTML = `<h3 id="dossierCode">${esc(v.dossierCode)}</h3><table><tbody>`
      + facts.map(([k, val]) => `<tr><th scope="row">${esc(t(k))}</th><td>${k === 'dossier.status' ? esc(val) : val}</td></tr>`).join('')
      + `<tr><th scope="row">${esc(t('dossier.clock'))}</th><td id="clock">`
      + [['clock.agency', 'agency'], ['clock.inbound', 'inboundPost'], ['clock.outbound', 'outboundPost']].map(([k, f]) =>
        `${esc(t(k))}: <b>${esc(workingDuration(v.clock[f + 'WorkingSeconds']))}</b> <span class="muted">(${esc(duration(v.clock[f + 'Seconds']))})</span>`).join('; ')
      + `<br><span class="muted">${esc(t('clock.working'))}</span></td></tr></tbody></table>`
      + `<h3>${esc(t('dossier.timeline'))}</h3><table class="tl" id="timeline"><thead><tr><th>${esc(t('col.time'))}</th><th>${esc(t('col.kind'))}</th>`
      + `<th>${esc(t('col.content'))}</th><th>${esc(t('col.handler'))}</th><th>${esc(t('col.portal'))}</th></tr></thead><tbody>`
      + v.lines.map(l => `<tr><td>${esc(when(l.at))}</td><td>${esc(t('kind.' + l.kind))}${l.itemCode ? '<br><span class="muted">' + esc(l.itemCode) + '</span>' : ''}</td>`
        + `<td>${esc(l.text)}</td><td>${esc([l.handler, l.title, l.department].filter(Boolean).join(', '))}</td>`
        + `<td>${l.delivery ? `<span class="pill ${esc(l.delivery)}">${esc(t('delivery.' + l.delivery))}</span> ${esc(when(l.deliveredAt))}` : ''}`
        + `${l.answer ? '<br><span class="muted">' + esc(l.answer) + '</span>' : ''}</td></tr>`).join('') + '</tbody></table>';
  }

  function monthStart(ym) { return new Date(ym + '-01T00:00:00+07:00'); }
  function nextMonth(ym) { const [y, m] = ym.split('-').map(Number); return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`; }
  async function reportPage() {
    const gen = routeGeneration;
    const nowVn = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const params = new URLSearchParams(location.hash.split('?')[1] || '');
    let from = params.get('from') || (() => { let ym = nowVn; for (let i = 0; i < 5; i++) { const [y, m] = ym.split('-').map(Number); ym = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`; } return ym; })();
    let to = params.get('to') || nowVn;
    const agency = params.get('agency') || (me.operator ? '' : me.agency || '');
    main.innerHTML = `<section class="wide"><h2>${esc(t('report.title'))}</h2><form class="inline" id="period">`
      + `<label for="from">${esc(t('report.from'))}<input type="month" id="from" value="${esc(from)}" required></label>`
      + `<label for="to">${esc(t('report.to'))}<input type="month" id="to" value="${esc(to)}" required></label>`
      + `<label for="agency">${esc(t('report.agency'))}<input id="agency" value="${esc(agency)}" list="agencies" size="18" ${me.operator ? '' : 'readonly'}></label>`
      + `<datalist id="agencies"></datalist><button class="act" type="submit">${esc(t('report.show'))}</button>`
      + `<a class="act" id="csv" href="#" download>${esc(t('report.csv'))}</a></form>`
      + `<h3>${esc(t('report.chart'))}</h3><div id="reportChart"></div><div id="reportTable"></div></section>`;
    document.getElementById('period').addEventListener('submit', ev => {
      ev.preventDefault();
      const q = new URLSearchParams({ from: document.getElementById('from').value, to: document.getElementById('to').value,
        agency: document.getElementById('agency').value.trim() });
      location.hash = '#/report?' + q;
    });
    if (to < from) { [from, to] = [to, from]; }
    const months = [];
    for (let ym = from; ym <= to && months.length < 24; ym = nextMonth(ym)) { months.push(ym); }
    const scope = agency ? '&agency=' + encodeURIComponent(agency) : '';
    const per = await Promise.all(months.map(ym => api(`/api/v1/reports/bcci?from=${monthStart(ym).toISOString()}&to=${monthStart(nextMonth(ym)).toISOString()}${scope}`)));
    const whole = await api(`/api/v1/reports/bcci?from=${monthStart(from).toISOString()}&to=${monthStart(nextMonth(to)).toISOString()}${scope}`);
    if (stale(gen)) { return; }
    document.getElementById('agencies').innerHTML = whole.agencies.map(a => `<option value="${esc(a.agencyCode)}">`).join('');
    document.getElementById('reportChart').innerHTML = reportChart(per.map((r, i) => ({ label: months[i].slice(5) + '/' + months[i].slice(2, 4), ...r.total })));
    const rows = [['r.received', f => num(f.received.total)], ['r.online', f => num(f.received.online)], ['r.inPerson', f => num(f.received.inPerson)],
      ['r.postal', f => num(f.received.postal)], ['r.resolved', f => num(f.resolved.total)], ['r.early', f => num(f.resolved.early)],
      ['r.onTime', f => num(f.resolved.onTime)], ['r.late', f => num(f.resolved.late)], ['r.onTimeRate', f => pct(f.resolved.onTimeRate)],
      ['r.withinDeadline', f => num(f.inProgress.withinDeadline)], ['r.overdue', f => num(f.inProgress.overdue)],
      ['r.toReturnByPost', f => num(f.resultsByPost.toReturnByPost)], ['r.handedToPost', f => num(f.resultsByPost.handedToPost)],
      ['r.delivered', f => num(f.resultsByPost.delivered)], ['r.failedOrReturned', f => num(f.resultsByPost.failedOrReturned)],
      ['r.mustSync', f => num(f.sync.mustSync)], ['r.synced', f => num(f.sync.synced)], ['r.coverage', f => pct(f.sync.coverage)],
      ['r.p50', f => duration(f.sync.delayP50Seconds)], ['r.p95', f => duration(f.sync.delayP95Seconds)]];
    const columns = [...whole.agencies.map(a => [a.agencyCode, a]), [t('report.total'), whole.total]];
    document.getElementById('reportTable').innerHTML = `<table id="report"><thead><tr><th></th>${columns.map(([name]) => `<th class="num" scope="col">${esc(name)}</th>`).join('')}</tr></thead><tbody>`
      + rows.map(([k, f]) => `<tr><th scope="row">${esc(t(k))}</th>${columns.map(([, c]) => `<td class="num">${esc(f(c))}</td>`).join('')}</tr>`).join('')
      + '</tbody></table>';
    document.getElementById('csv').addEventListener('click', ev => {
      ev.preventDefault();
      download(`/api/v1/reports/bcci?format=csv&from=${monthStart(from).toISOString()}&to=${monthStart(nextMonth(to)).toISOString()}${scope}`,
        `bcci-${from}-${to}${agency ? '-' + agency : ''}.csv`);
    });
  }

  /** Fetches a file of the API with the token and hands it to the browser as a download named {@code name}. */
  async function download(url, name) {
    const r = await fetch(url, { headers: { Authorization: 'Bearer ' + me.token } });
    if (!r.ok) { throw new Error(r.status + ' ' + r.statusText); }
    const blob = await r.blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  const CRITERIA = ['offered', 'intakeByPost', 'returnByPost', 'onTime', 'firstAttemptDelivery', 'transparency'];
  const score = s => (s === null || s === undefined ? '–' : new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(s));
  function indexChart(items) {
    const shown = items.slice(0, 20), W = 640, row = 22, left = 150, H = shown.length * row + 10;
    const x = v => left + (v || 0) / 100 * (W - left - 40);
    const bars = shown.map((u, i) => `<text x="${left - 6}" y="${i * row + 15}" font-size="11" text-anchor="end" fill="#475467">${esc(u.unit || t('level.NATIONAL'))}</text>`
      + `<rect x="${left}" y="${i * row + 4}" width="${(x(u.score) - left).toFixed(1)}" height="14" fill="#9b1c1c"><title>${esc(u.unit)}: ${score(u.score)}</title></rect>`
      + (u.previousScore === null || u.previousScore === undefined ? ''
        : `<line x1="${x(u.previousScore).toFixed(1)}" x2="${x(u.previousScore).toFixed(1)}" y1="${i * row + 2}" y2="${i * row + 20}" stroke="#101828" stroke-width="2"><title>${esc(t('index.previous', score(u.previousScore)))}</title></line>`)
      + `<text x="${(x(u.score) + 4).toFixed(1)}" y="${i * row + 15}" font-size="11" fill="#101828">${score(u.score)}</text>`).join('');
    return `<div class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(t('index.chart'))}">${bars}</svg>`
      + `<div class="legend"><span><i style="background:#9b1c1c"></i>${esc(t('index.score'))}</span>`
      + `<span><i style="background:#101828"></i>${esc(t('index.previousMark'))}</span></div></div>`;
  }
  async function indexPage() {
    const gen = routeGeneration;
    const params = new URLSearchParams(location.hash.split('?')[1] || '');
    const period = params.get('period') || new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const level = params.get('level') || 'UNIT';
    const unit = params.get('unit') || '';
    main.innerHTML = `<section class="wide"><h2>${esc(t('index.title'))}</h2><form class="inline" id="indexForm">`
      + `<label for="period">${esc(t('index.period'))}<input id="period" value="${esc(period)}" size="9" required pattern="\\d{4}(-\\d{2}|-Q[1-4])?"></label>`
      + `<label for="level">${esc(t('index.level'))}<select id="level">${['UNIT', 'AGENCY', 'NATIONAL'].map(l => `<option value="${l}"${l === level ? ' selected' : ''}>${esc(t('level.' + l))}</option>`).join('')}</select></label>`
      + `<label for="unit">${esc(t('index.unit'))}<input id="unit" value="${esc(unit)}" size="18"></label>`
      + `<button class="act" type="submit">${esc(t('index.show'))}</button>`
      + `<a class="act" id="xlsx" href="#" download>${esc(t('index.xlsx'))}</a> <a class="secondary" id="indexCsv" href="#" download>${esc(t('index.csv'))}</a></form>`
      + `<p class="muted" id="indexPeriod"></p><h3>${esc(t('index.chart'))}</h3><div id="indexChart"></div><div id="indexTable"></div></section>`;
    document.getElementById('indexForm').addEventListener('submit', ev => {
      ev.preventDefault();
      location.hash = '#/index?' + new URLSearchParams({ period: document.getElementById('period').value.trim(),
        level: document.getElementById('level').value, unit: document.getElementById('unit').value.trim() });
    });
    const query = new URLSearchParams({ period, level, ...(unit ? { unit } : {}) }).toString();
    const files = (format, ext) => ev => {
      ev.preventDefault();
      download(`/api/v1/index?${query}&format=${format}`, `chi-so-bcci-${period}-${level}${unit ? '-' + unit : ''}.${ext}`)
        .catch(e => { document.getElementById('indexPeriod').innerHTML = failure(e); });
    };
    document.getElementById('xlsx').addEventListener('click', files('xlsx', 'xlsx'));
    document.getElementById('indexCsv').addEventListener('click', files('csv', 'csv'));
    const page = await api(`/api/v1/index?${query}&limit=500`);
    if (stale(gen)) { return; }
    const w = page.weights;
    const lastDay = new Date(Date.parse(page.to + 'T00:00:00Z') - 86400000).toISOString().slice(0, 10);
    document.getElementById('indexPeriod').textContent = `${page.period} (${page.from} – ${lastDay}), `
      + t('index.previous', page.previousPeriod) + '. ' + t('index.weights', CRITERIA.map(c => t('crit.' + c) + ' ' + w[c]).join(', '));
    if (!page.items.length) {
      document.getElementById('indexTable').innerHTML = `<p class="muted">${esc(t('index.empty'))}</p>`;
      return;
    }
    document.getElementById('indexChart').innerHTML = indexChart(page.items);
    const arrow = (now, before) => (now === null || now === undefined || before === null || before === undefined ? ''
      : now > before ? ' <span class="up">▲</span>' : now < before ? ' <span class="down">▼</span>' : '');
    document.getElementById('indexTable').innerHTML = `<table id="index"><thead><tr><th class="num">${esc(t('index.rank'))}</th>`
      + `<th>${esc(t('index.unitCol'))}</th><th>${esc(t('index.kind'))}</th><th class="num">${esc(t('index.score'))}</th>`
      + CRITERIA.map(c => `<th class="num" scope="col">${esc(t('crit.' + c))}</th>`).join('')
      + `<th class="num" scope="col">${esc(t('index.intakeLeg'))}</th><th class="num" scope="col">${esc(t('index.resultLeg'))}</th></tr></thead><tbody>`
      + page.items.map(u => `<tr data-unit="${esc(u.unit)}"><td class="num">${u.rank}</td><td>${esc(u.unit || t('level.NATIONAL'))}</td>`
        + `<td>${esc(t('unitKind.' + u.kind))}</td><td class="num">${score(u.score)}${arrow(u.score, u.previousScore)}`
        + `<br><span class="muted">${esc(score(u.previousScore))}</span></td>`
        + CRITERIA.map(c => { const m = u.criteria[c]; return `<td class="num" title="${num(m.count)} / ${num(m.of)}">${pct(m.share)}${arrow(m.share, m.previousShare)}`
          + `<br><span class="muted">${pct(m.previousShare)}</span></td>`; }).join('')
        + [u.figures.intakeLeg, u.figures.resultLeg].map(l => `<td class="num">${esc(workingDuration(l.medianWorkingSeconds))}`
          + `<br><span class="muted">p90 ${esc(workingDuration(l.p90WorkingSeconds))}</span></td>`).join('') + '</tr>').join('')
      + '</tbody></table>';
  }

  async function actionsPage() {
    if (!me.operator) { main.innerHTML = `<section><p class="err">${esc(t('forbidden'))}</p></section>`; return; }
    const gen = routeGeneration;
    const [runs, hooks, audit] = await Promise.all([api('/api/v1/reconciliations?limit=10'), api('/api/v1/webhooks?limit=50'),
      api('/api/v1/audit?limit=50')]);
    if (stale(gen)) { return; }
    main.innerHTML = `<section><h2>${esc(t('actions.reconcile'))}</h2><p><button type="button" class="act" id="sample">${esc(t('actions.sample'))}</button> `
      + `<button type="button" class="secondary" id="full">${esc(t('actions.full'))}</button></p><div id="progress" role="status"></div>`
      + `<table><tbody>${runs.map(r => `<tr><td>#${r.id}</td><td>${esc(label('mode.', r.mode))}</td><td>${esc(t('state.' + r.state))}</td><td class="num">${num(r.checked)}/${num(r.total)}</td><td>${esc(when(r.createdAt))}</td></tr>`).join('')}</tbody></table></section>`
      + `<section><h2>${esc(t('actions.webhooks'))}</h2><table><tbody>${hooks.map(h => `<tr><td>#${h.id}</td><td>${esc(h.url)}</td><td>${esc(h.agencyCode || '*')}</td>`
        + `<td>${esc(t('state.' + h.state))}</td><td>${h.state === 'DISABLED' ? `<button type="button" class="act recover" data-id="${h.id}">${esc(t('recover'))}</button>` : ''}</td></tr>`).join('')}</tbody></table></section>`
      + `<section class="wide"><h2>${esc(t('actions.audit'))}</h2>` + (audit.length ? `<table id="audit"><thead><tr><th>${esc(t('col.time'))}</th><th>${esc(t('col.actor'))}</th>`
        + `<th>${esc(t('col.action'))}</th><th>${esc(t('col.target'))}</th><th>${esc(t('col.detail'))}</th></tr></thead><tbody>`
        + audit.map(a => `<tr><td>${esc(when(a.at))}</td><td>${esc(a.actor)}</td><td>${esc(t('action.' + a.action))}</td><td>${esc(auditTarget(a.target))}</td><td>${esc(auditDetail(a.action, a.detail))}</td></tr>`).join('')
        + '</tbody></table>' : `<p class="muted">${esc(t('actions.audit.empty'))}</p>`) + '</section>';
    async function reconcile(mode) {
      if (!await confirmAction(t('actions.reconcile.confirm', mode === 'FULL' ? t('actions.full') : t('actions.sample')))) { return; }
      const run = await api('/api/v1/reconciliations', { method: 'POST', body: JSON.stringify(mode === 'FULL' ? { mode } : { mode, share: 0.05 }) });
      const el = document.getElementById('progress');
      let timer = null;
      const show = r => {
        const drift = r.missing + r.staleStatus + r.missingEntries;
        el.innerHTML = `<label for="bar">${esc(t('actions.progress', r.id, num(r.checked), num(r.total), num(drift), num(r.repaired)))}</label>`
          + `<progress id="bar" max="${Math.max(1, r.total)}" value="${r.checked}"></progress> ${esc(t('state.' + r.state))}`;
      };
      show(run);
      // a run's progress is read while it runs, then never again
      timer = setInterval(async () => {
        const r = await api('/api/v1/reconciliations/' + run.id).catch(() => null);
        if (!r || !document.getElementById('progress')) { clearInterval(timer); return; }
        show(r);
        if (r.state === 'DONE') { clearInterval(timer); }
      }, 1000);
      pageCleanup = () => clearInterval(timer);
    }
    document.getElementById('sample').addEventListener('click', () => reconcile('SAMPLE').catch(e => { document.getElementById('progress').innerHTML = failure(e); }));
    document.getElementById('full').addEventListener('click', () => reconcile('FULL').catch(e => { document.getElementById('progress').innerHTML = failure(e); }));
    main.querySelectorAll('button.recover').forEach(b => b.addEventListener('click', async () => {
      if (!await confirmAction(t('recover.confirm', b.dataset.id))) { return; }
      await api('/api/v1/webhooks/' + b.dataset.id + '/recover', { method: 'POST', body: '{}' }).then(route)
        .catch(e => { document.getElementById('progress').innerHTML = failure(e); });
    }));
  }

  // ---- routing ----------------------------------------------------------------------------------------------------
  async function route() {
    routeGeneration++;
    pageCleanup();
    pageCleanup = () => {};
    const [path] = location.hash.replace(/^#/, '').split('?');
    document.getElementById('main').dataset.page = path || '/';
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    document.querySelectorAll('#nav a').forEach(a => {
      const target = a.getAttribute('href').replace(/^#\/?/, '');
      a.toggleAttribute('aria-current', (parts[0] || '') === target);
      if ((parts[0] || '') === target) { a.setAttribute('aria-current', 'page'); }
    });
    document.getElementById('banner').hidden = true;
    try {
      switch (parts[0] || '') {
        case '': await overview(); break;
        case 'alerts': await alertsPage(parts[1]); break;
        case 'dossier': await dossierPage(parts[1]); break;
        case 'report': await reportPage(); break;
        case 'index': await indexPage(); break;
        case 'actions': await actionsPage(); break;
        default: location.hash = '#/';
      }
      follow(live.last);
    } catch (e) {
      main.innerHTML = `<section class="wide">${failure(e)}</section>`;
    }
  }

  async function start() {
    translateStatic();
    document.getElementById('lang').addEventListener('click', () => {
      lang = lang === 'vi' ? 'en' : 'vi';
      localStorage.setItem('bcci-lang', lang);
      translateStatic();
      route();
    });
    try {
      const params = new URLSearchParams(location.search);
      if (params.has('code') || params.has('error')) { await completeSignIn(params); }
      me = currentUser();
      if (!me) { await signIn(); return; }
      scheduleRenewal();
      document.getElementById('who').textContent = me.name + (me.agency ? ' · ' + me.agency : '');
      const out = document.getElementById('signout');
      out.hidden = false;
      out.addEventListener('click', signOut);
      window.addEventListener('hashchange', route);
      await route();
    } catch (e) {
      main.innerHTML = `<section class="wide">${failure(e)}</section>`;
    }
  }
  start();
})();
