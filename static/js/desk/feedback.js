// A distinct sound and vibration for each verdict. Browsers allow sound only after a tap, so the
// first tap or key press on the page unlocks it.
const TONES = {
  ok: [[1046, 0.12], [1568, 0.16]],
  warning: [[660, 0.15], [660, 0.15], [660, 0.15]],
  error: [[196, 0.5]],
};
const VIBRATION = { ok: [80], warning: [80, 80, 80, 80, 80], error: [400] };
let audio = null;

export function unlockSoundOnFirstTap() {
  const unlock = () => {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!audio && Context) audio = new Context();
    audio?.resume();
  };
  document.addEventListener("pointerdown", unlock, { once: true });
  document.addEventListener("keydown", unlock, { once: true });
}

export function signal(status) {
  navigator.vibrate?.(VIBRATION[status]);
  if (!audio || audio.state !== "running") return;
  let at = audio.currentTime;
  for (const [frequency, seconds] of TONES[status]) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = status === "error" ? "square" : "sine";
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.25, at);
    gain.gain.exponentialRampToValueAtTime(0.001, at + seconds);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + seconds);
    at += seconds + 0.06;
  }
}
