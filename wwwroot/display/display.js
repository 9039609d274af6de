// Customer display: renders whole snapshots pushed by the gateway's /hubs/display hub.
// Time shown (countdown, return to idle) runs on the server's clock: each snapshot carries serverTime,
// and the page keeps the offset between it and the device clock.
(() => {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const terminal = new URLSearchParams(location.search).get('terminal') || '1';

  // The terminal rule and each system's texts come from the gateway (/display/texts.js, built from
  // Shared/TerminalIdRule.cs and Gateway/Payments/PaymentSystems.cs): the page keeps no copy of its own.
  // Without them (the script failed to load) the page still connects and shows what the snapshot says.
  const texts = window.displayTexts || { terminalIdPattern: '', systems: {} };
  const systems = texts.systems;
  const currencySigns = { RUB: '₽' };
  const amountFormat = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  let shown = null;          // the snapshot on screen
  let lastVersion = -1;      // reset on every (re)connect: a restarted server counts from 1 again
  let clockOffsetMs = 0;     // server clock minus device clock
  let renderedQr = null;

  const serverNow = () => Date.now() + clockOffsetMs;

  function apply(snapshot) {
    if (snapshot.terminalId !== terminal || snapshot.version < lastVersion) {
      return; // an older answer overtaken by a push
    }
    lastVersion = snapshot.version;
    clockOffsetMs = Date.parse(snapshot.serverTime) - Date.now();
    shown = snapshot;
    render();
  }

  function effectivePhase(s) {
    if ((s.phase === 'paid' || s.phase === 'failed') && s.idleAt && serverNow() >= Date.parse(s.idleAt)) {
      return 'idle';
    }
    return s.phase;
  }

  function render() {
    const s = shown;
    if (!s) {
      return;
    }
    const phase = effectivePhase(s);
    const system = systems[s.paymentSystem] || { name: s.paymentSystem || '', ru: 'Отсканируйте QR-код' };
    const foreign = Boolean(system.zh);

    document.body.dataset.phase = phase;
    document.body.dataset.version = String(s.version);
    $('sandbox').hidden = !s.sandbox;
    for (const id of ['idle', 'awaiting', 'paid', 'failed']) {
      $(id).hidden = id !== phase;
    }

    if (phase === 'awaiting') {
      // The gateway leaves the SVG out while no page watches the terminal: a snapshot without it never
      // replaces the picture of the same payload, and the next one that has it is drawn.
      if (renderedQr !== s.qrPayload) {
        $('qr').innerHTML = s.qrSvg || ''; // SVG rendered by the gateway from the QR payload
        $('qr').dataset.payload = s.qrPayload || '';
        renderedQr = s.qrSvg ? s.qrPayload : null;
      }
      $('amount').textContent = formatAmount(s.amount, s.currency);
      $('system').textContent = system.name;
      $('instruction').textContent = system.ru;
      $('instruction-foreign').hidden = !foreign;
      $('instruction-zh').textContent = system.zh || '';
      $('instruction-en').textContent = system.en || '';
      $('countdown-label').textContent = foreign ? 'Осталось · 剩余时间 · Time left' : 'Осталось';
      tickCountdown();
    } else {
      renderedQr = null;
      $('qr').innerHTML = '';
      $('qr').dataset.payload = '';
    }
    if (phase === 'paid') {
      $('paid-foreign').hidden = !foreign;
    }
    if (phase === 'failed') {
      $('reason').textContent = s.message || '';
      $('failed-foreign').hidden = !foreign;
    }
  }

  function formatAmount(amount, currency) {
    const sign = currencySigns[currency] || currency || '';
    return `${amountFormat.format(amount)}\u00a0${sign}`;
  }

  function tickCountdown() {
    if (!shown || !shown.deadline) {
      return;
    }
    const left = Math.max(0, Math.ceil((Date.parse(shown.deadline) - serverNow()) / 1000));
    const mm = String(Math.floor(left / 60)).padStart(2, '0');
    const ss = String(left % 60).padStart(2, '0');
    const el = $('countdown');
    el.textContent = `${mm}:${ss}`;
    el.classList.toggle('low', left <= 30);
  }

  // One timer for the countdown and the step back to idle (no per-snapshot timers to leak).
  setInterval(() => {
    if (!shown) {
      return;
    }
    if (effectivePhase(shown) !== document.body.dataset.phase) {
      render();
    } else if (document.body.dataset.phase === 'awaiting') {
      tickCountdown();
    }
  }, 250);

  function setOnline(online) {
    $('offline').hidden = online;
    document.body.dataset.connected = String(online);
  }

  if (!new RegExp(texts.terminalIdPattern).test(terminal)) {
    $('idle').querySelector('.lead').textContent = 'Неверный номер терминала в адресе страницы (?terminal=…)';
    return;
  }

  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/display')
    // Never gives up: a shop display must come back after any outage.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(250 * 2 ** ctx.previousRetryCount, 5000) })
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  connection.on('snapshot', apply);

  async function subscribe() {
    lastVersion = -1;
    apply(await connection.invoke('subscribe', terminal));
    setOnline(true);
  }

  let connecting = false;
  const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // Start (or restart after the connection closed) until subscribed; backs off to 5 s between tries.
  async function connect() {
    if (connecting) {
      return;
    }
    connecting = true;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          if (connection.state === signalR.HubConnectionState.Disconnected) {
            await connection.start();
          }
          await subscribe();
          return;
        } catch (err) {
          console.warn('display: connect failed', err);
          setOnline(false);
          if (connection.state === signalR.HubConnectionState.Connected) {
            await connection.stop().catch(() => {});
          }
          await delay(Math.min(250 * 2 ** attempt, 5000));
        }
      }
    } finally {
      connecting = false;
    }
  }

  connection.onreconnecting(() => setOnline(false));
  connection.onreconnected(() => subscribe().catch(() => connection.stop()));
  connection.onclose(() => {
    setOnline(false);
    connect();
  });

  setOnline(false);
  connect();
})();
