import { initAll } from "../vendor/nhsuk/nhsuk-frontend.min.js";

// NHS.UK frontend's page template sets these classes from an inline <script>; our
// Content-Security-Policy allows no inline script, so they are set here. A module
// script runs only in browsers that support modules, which is what
// "nhsuk-frontend-supported" asserts.
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
