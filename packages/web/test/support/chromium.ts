// How the tests and benchmarks start Debian's Chromium: headless, as root (no sandbox), and with
// the background services off, since their connections are refused on this machine's closed network.
export const chromiumPath = "/usr/bin/chromium";

export const chromiumLaunchOptions = {
  executablePath: chromiumPath,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};
