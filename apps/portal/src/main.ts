import { bootstrapApplication } from '@angular/platform-browser';
import { PortalComponent } from './app/portal.component';
import { portalConfig } from './app/portal.config';

bootstrapApplication(PortalComponent, portalConfig).catch((err) => console.error(err));
