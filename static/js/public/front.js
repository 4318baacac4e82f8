// The front page: the card check's "Scan" button, and the service worker for the installed app.
import "../scanner/card-scanner-slot.js";
import { registerServiceWorker } from "../service-worker-registration.js";

registerServiceWorker(document.getElementById("card-check").dataset.serviceWorker);
