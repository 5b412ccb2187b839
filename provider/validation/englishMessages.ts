import * as z from "zod/mini";
import { en } from "zod/locales";

/**
 * zod/mini configures no locale (classic zod sets English when it loads), so without this an
 * issue would read only "Invalid input". Check failures and "unexpected … shape" errors show zod's
 * English messages, so every module that parses imports this. The named import lets a bundle keep
 * the English locale alone. The setting is global: importing it twice sets the same thing.
 */
z.config(en());
