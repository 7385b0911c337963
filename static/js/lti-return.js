// The Deep Linking answer goes back to the platform at once; the button stays for a browser without JavaScript.
document.getElementById("retour-plateforme").submit();
