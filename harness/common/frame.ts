// The display's nominal frame interval: headless Chromium's rAF runs at a steady 60 Hz here (see the notes on
// this Chromium). Runs that measure their own interval (rAF timestamps, trace BeginFrames) prefer theirs.
export const DEFAULT_FRAME_INTERVAL_MS = 1000 / 60;
