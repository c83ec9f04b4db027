// One small stylesheet inlined with a nonce: no extra request on slow phones. Mobile first (360 px).
export const STYLES = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
a{color:#0b4f9c}a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #b34700;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}.skip:focus{left:.5rem}
.top{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between;padding:.5rem 1rem;border-bottom:2px solid #0b4f9c}
.brand{font-weight:700;font-size:1.25rem;text-decoration:none}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0;padding:0}
nav form{margin:0}
main{max-width:48rem;margin:0 auto;padding:1rem}
footer{padding:1rem;border-top:1px solid #ccc;font-size:.875rem;color:#454545}
h1{font-size:1.6rem;line-height:1.25}
label{display:block;font-weight:600;margin-top:1rem}
.hint{display:block;color:#454545;font-size:.9375rem}
input[type=text],input[type=email],input[type=password],input[type=tel],input[type=search],input[type=number],input[type=date],select,textarea{display:block;width:100%;max-width:30rem;min-height:2.75rem;padding:.5rem;font:inherit;border:2px solid #505050;border-radius:4px;margin-top:.25rem}
input[aria-invalid=true]{border-color:#b00020}
.error{color:#b00020;font-weight:600;display:block}
.check{display:flex;gap:.5rem;align-items:center;font-weight:400}
button,.button{display:inline-block;min-height:2.75rem;padding:.5rem 1rem;font:inherit;font-weight:600;color:#fff;background:#0b4f9c;border:0;border-radius:4px;margin-top:1rem;cursor:pointer;text-decoration:none}
button.link{background:none;color:#0b4f9c;text-decoration:underline;padding:0;min-height:auto;margin:0;font-weight:400}
.summary{border:3px solid #b00020;padding:.5rem 1rem;margin:1rem 0}
.notice{border-left:6px solid #0b6e3a;background:#eef8f1;padding:.5rem 1rem}
.acting{background:#fff4d6;border-bottom:2px solid #8a5a00;padding:.5rem 1rem;display:flex;gap:1rem;align-items:center}
.acting p,.acting button{margin:0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ccc;vertical-align:top}
.table-wrap{overflow-x:auto}
.panels{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));padding:0;list-style:none}
.panels li{border:1px solid #ccc;border-radius:6px;padding:1rem}
dl.record{margin:.25rem 0 1rem}dl.record dt{font-weight:600}dl.record dd{margin:0 0 .4rem;overflow-wrap:anywhere}ol.records{padding-left:1.25rem}
`;
