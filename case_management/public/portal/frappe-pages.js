// Frappe's own login page shows the site's logo without alternative text; the heading beside it
// names the site, so the logo is decorative: an empty alt lets screen readers pass over it.
document.querySelectorAll('body[data-path="login"] .page-card-head img:not([alt])').forEach((img) => {
	img.setAttribute("alt", "");
});
