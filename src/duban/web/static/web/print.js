// Print buttons: any element with data-print opens the browser's print dialog.
// (A static file because the Content-Security-Policy allows no inline script or javascript: URL.)
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
