// A button[data-print] opens the browser's print dialog (and its "save as PDF").
document.querySelectorAll('button[data-print]').forEach(function (button) {
    'use strict';
    button.addEventListener('click', function () { window.print(); });
});
