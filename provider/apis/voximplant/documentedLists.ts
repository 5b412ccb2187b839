/**
 * The value lists exactly as the SetAccountInfo reference documents them (including its
 * legacy codes such as `iw` and `in`, and without countries it does not list). The API, not
 * ISO, is the authority on what it accepts.
 */
export const LANGUAGE_CODES: ReadonlySet<string> = new Set(
  `
  aa ab af am ar as ay az ba be bg bh bi bn bo br ca co cs cy
  da de dz el en eo es et eu fa fi fj fo fr fy ga gd gl gn gu
  ha hi he hr hu hy ia id ie ik in is it iu iw ja ji jw ka kk
  kl km kn ko ks ku ky la ln lo lt lv mg mi mk ml mn mo mr ms
  mt my na ne nl no oc om or pa pl ps pt qu rm rn ro ru rw sa
  sd sg sh si sk sl sm sn so sq sr ss st su sv sw ta te tg th
  ti tk tl tn to tr ts tt tw ug uk ur uz vi vo wo xh yi yo za
  zh zu
`.trim().split(/\s+/),
);

export const BILLING_COUNTRY_CODES: ReadonlySet<string> = new Set(
  `
  AF AL DZ AS AD AO AI AQ AG AR AM AW AU AT AZ BH BD BB BY BE
  BZ BJ BM BT BO BA BW BV BR IO BN BG BF BI KH CM CA CV KY CF
  TD CL CN CX CO KM CG CK CR HR CU CY CZ DK DJ DM DO EC EG SV
  GQ ER EE ET FO FJ FI FR GF PF TF GA GE DE GH GI GR GL GD GP
  GU GT GG GN GY HT HM HN HU IS IN ID IR IQ IE IL IT JM JP JE
  JO KZ KE KI KR KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV
  ML MT MH MQ MR MU YT MX FM MD MC MN ME MS MA MZ MM NA NR NP
  NL AN NC NZ NI NE NG NU NF KP MP NO OM PK PW PS PA PG PY PE
  PH PN PL PT PR QA RE RO RU RW WS SM SA SN RS SC SL SG SK SI
  SB SO ZA GS ES LK SD SR SZ SE CH SY ST TW TJ TZ TH TG TK TO
  TT TN TR TM TC TV UG UA AE GB US UY UZ VU VA VE VN VI WF EH
  YE ZM ZW AX
`.trim().split(/\s+/),
);
