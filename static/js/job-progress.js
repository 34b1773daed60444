// A background job's page (templates/jobs/detail.html): ask the server how the job is getting on,
// show it, and reload the page once the job has ended, when the page offers the file or says what
// went wrong. A file of ours, not inline script: the Content-Security-Policy allows none. Without
// JavaScript the page refreshes itself (<noscript> meta refresh) and has a "refresh" link.
//
// The progress text and bar change at every answer; a screen reader hears, through the
// visually hidden role="status" region, each new step and every tenth of the way, no more.
const POLL_EVERY_MS = 1500;

const region = document.querySelector("[data-job-status-url]");

function start(region) {
  const url = region.dataset.jobStatusUrl;
  const text = document.getElementById("job-progress-text");
  const bar = document.getElementById("job-progress-bar");
  const announcement = document.getElementById("job-announcement");
  let stage = region.dataset.jobStage || "";
  let tenth = null;

  function show(status) {
    text.textContent = status.text;
    if (status.percent === null) {
      bar.removeAttribute("value");
      bar.textContent = "";
    } else {
      bar.value = status.percent;
      bar.textContent = status.percent + "%";
    }
    const nowTenth = status.percent === null ? null : Math.floor(status.percent / 10);
    if (status.stage !== stage) {
      announcement.textContent = status.text;
    } else if (nowTenth !== null && nowTenth !== tenth && tenth !== null) {
      announcement.textContent = status.stage + ": " + status.percent + "% done";
    }
    stage = status.stage;
    tenth = nowTenth;
  }

  function stopped() {
    announcement.textContent = "This page has stopped following the job. Refresh the page to see how it is getting on.";
    text.textContent = "Refresh the page to see how the job is getting on.";
  }

  async function poll() {
    let status;
    try {
      const response = await fetch(url, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      });
      if (!response.ok || !(response.headers.get("Content-Type") || "").startsWith("application/json")) {
        stopped(); // signed out, or the job is gone: the page itself will say which
        return;
      }
      status = await response.json();
    } catch (error) {
      window.setTimeout(poll, POLL_EVERY_MS * 4); // the network dropped: try again, less often
      return;
    }
    if (status.finished) {
      window.location.reload();
      return;
    }
    show(status);
    window.setTimeout(poll, POLL_EVERY_MS);
  }

  window.setTimeout(poll, POLL_EVERY_MS);
}

if (region) {
  start(region);
}
