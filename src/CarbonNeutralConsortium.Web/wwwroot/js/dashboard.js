// Draws every canvas[data-chart] with Chart.js from the JSON block it names; the table beneath holds the same numbers.
(function () {
    'use strict';
    if (typeof Chart === 'undefined') { return; }
    var palette = ['#0d6efd', '#198754', '#fd7e14', '#6f42c1', '#dc3545', '#20c997', '#0dcaf0', '#6c757d', '#d63384', '#ffc107',
        '#6610f2', '#146c43', '#997404', '#052c65', '#adb5bd', '#842029'];
    var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
        var source = document.getElementById(canvas.getAttribute('data-chart'));
        if (!source) { return; }
        var data = JSON.parse(source.textContent);
        var horizontal = data.type === 'hbar';
        var round = data.type === 'doughnut';
        var type = horizontal ? 'bar' : data.type;
        var datasets = data.series.map(function (series, i) {
            var color = palette[i % palette.length];
            return {
                label: series.name,
                data: series.values,
                backgroundColor: round ? data.labels.map(function (_, j) { return palette[j % palette.length]; }) : color,
                borderColor: round ? '#fff' : color,
                tension: 0.2,
                fill: false
            };
        });
        canvas.chart = new Chart(canvas, {
            type: type,
            data: { labels: data.labels, datasets: datasets },
            options: {
                indexAxis: horizontal ? 'y' : 'x',
                responsive: true,
                maintainAspectRatio: false,
                animation: reduceMotion ? false : { duration: 400 },
                plugins: { legend: { display: round || datasets.length > 1, position: 'bottom' } },
                scales: round ? {} : { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } }
            }
        });
        canvas.setAttribute('data-rendered', 'true');
    });
}());
