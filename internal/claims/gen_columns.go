package claims

import "strings"

// The CCLF column layouts (CMS's CCLF Information Packet), as the files a
// real import must accept.
var (
	enrollmentColumns = strings.Split("CURRENT_BENE_MBI_ID,ENROLLMENT_START_DATE,ENROLLMENT_END_DATE,BENE_MEMBER_MONTH,FILE_NAME,FILE_DATE", ",")

	partAColumns = strings.Split("CUR_CLM_UNIQ_ID,PRVDR_OSCAR_NUM,BENE_MBI_ID,BENE_HIC_NUM,CLM_TYPE_CD,CLM_FROM_DT,CLM_THRU_DT,"+
		"CLM_BILL_FAC_TYPE_CD,CLM_BILL_CLSFCTN_CD,PRNCPL_DGNS_CD,ADMTG_DGNS_CD,CLM_MDCR_NPMT_RSN_CD,CLM_PMT_AMT,"+
		"CLM_NCH_PRMRY_PYR_CD,PRVDR_FAC_FIPS_ST_CD,BENE_PTNT_STUS_CD,DGNS_DRG_CD,CLM_OP_SRVC_TYPE_CD,FAC_PRVDR_NPI_NUM,"+
		"OPRTG_PRVDR_NPI_NUM,ATNDG_PRVDR_NPI_NUM,OTHR_PRVDR_NPI_NUM,CLM_ADJSMT_TYPE_CD,CLM_EFCTV_DT,CLM_IDR_LD_DT,"+
		"BENE_EQTBL_BIC_HICN_NUM,CLM_ADMSN_TYPE_CD,CLM_ADMSN_SRC_CD,CLM_BILL_FREQ_CD,CLM_QUERY_CD,DGNS_PRCDR_ICD_IND,"+
		"CLM_MDCR_INSTNL_TOT_CHRG_AMT,CLM_MDCR_IP_PPS_CPTL_IME_AMT,CLM_OPRTNL_IME_AMT,CLM_MDCR_IP_PPS_DSPRPRTNT_AMT,"+
		"CLM_HIPPS_UNCOMPD_CARE_AMT,CLM_OPRTNL_DSPRPRTNT_AMT,CLM_BLG_PRVDR_OSCAR_NUM,CLM_BLG_PRVDR_NPI_NUM,"+
		"CLM_OPRTG_PRVDR_NPI_NUM,CLM_ATNDG_PRVDR_NPI_NUM,CLM_OTHR_PRVDR_NPI_NUM,CLM_CNTL_NUM,CLM_ORG_CNTL_NUM,"+
		"CLM_CNTRCTR_NUM,FILE_NAME,FILE_DATE", ",")

	partBColumns = strings.Split("CUR_CLM_UNIQ_ID,CLM_LINE_NUM,BENE_MBI_ID,BENE_HIC_NUM,CLM_TYPE_CD,CLM_FROM_DT,CLM_THRU_DT,"+
		"RNDRG_PRVDR_TYPE_CD,RNDRG_PRVDR_FIPS_ST_CD,CLM_PRVDR_SPCLTY_CD,CLM_FED_TYPE_SRVC_CD,CLM_POS_CD,CLM_LINE_FROM_DT,"+
		"CLM_LINE_THRU_DT,CLM_LINE_HCPCS_CD,CLM_LINE_CVRD_PD_AMT,CLM_LINE_PRMRY_PYR_CD,CLM_LINE_DGNS_CD,"+
		"CLM_RNDRG_PRVDR_TAX_NUM,RNDRG_PRVDR_NPI_NUM,CLM_CARR_PMT_DNL_CD,CLM_PRCSG_IND_CD,CLM_ADJSMT_TYPE_CD,"+
		"CLM_EFCTV_DT,CLM_IDR_LD_DT,CLM_CNTL_NUM,BENE_EQTBL_BIC_HICN_NUM,CLM_LINE_ALOWD_CHRG_AMT,"+
		"CLM_LINE_SRVC_UNIT_QTY,HCPCS_1_MDFR_CD,HCPCS_2_MDFR_CD,HCPCS_3_MDFR_CD,HCPCS_4_MDFR_CD,HCPCS_5_MDFR_CD,"+
		"CLM_DISP_CD,CLM_DGNS_1_CD,CLM_DGNS_2_CD,CLM_DGNS_3_CD,CLM_DGNS_4_CD,CLM_DGNS_5_CD,CLM_DGNS_6_CD,"+
		"CLM_DGNS_7_CD,CLM_DGNS_8_CD,DGNS_PRCDR_ICD_IND,CLM_DGNS_9_CD,CLM_DGNS_10_CD,CLM_DGNS_11_CD,"+
		"CLM_DGNS_12_CD,HCPCS_BETOS_CD,CLM_RNDRG_PRVDR_NPI_NUM,CLM_RFRG_PRVDR_NPI_NUM,CLM_CNTRCTR_NUM,"+
		"FILE_NAME,FILE_DATE", ",")

	dmeColumns = strings.Split("CUR_CLM_UNIQ_ID,CLM_LINE_NUM,BENE_MBI_ID,BENE_HIC_NUM,CLM_TYPE_CD,CLM_FROM_DT,CLM_THRU_DT,"+
		"CLM_FED_TYPE_SRVC_CD,CLM_POS_CD,CLM_LINE_FROM_DT,CLM_LINE_THRU_DT,CLM_LINE_HCPCS_CD,CLM_LINE_CVRD_PD_AMT,"+
		"CLM_PRMRY_PYR_CD,PAYTO_PRVDR_NPI_NUM,ORDRG_PRVDR_NPI_NUM,CLM_CARR_PMT_DNL_CD,CLM_PRCSG_IND_CD,"+
		"CLM_ADJSMT_TYPE_CD,CLM_EFCTV_DT,CLM_IDR_LD_DT,CLM_CNTL_NUM,BENE_EQTBL_BIC_HICN_NUM,"+
		"CLM_LINE_ALOWD_CHRG_AMT,CLM_DISP_CD,CLM_BLG_PRVDR_NPI_NUM,CLM_RFRG_PRVDR_NPI_NUM,FILE_NAME,FILE_DATE", ",")
)

// Small pools of plausible codes for the columns that do not affect
// expenditure, so that files look and weigh like real ones.
var (
	diagnoses = []string{"E119", "I10", "J449", "N183", "Z0000", "M545", "E785", "I2510", "F329", "K219"}
	hcpcs     = []string{"99213", "99214", "G0439", "36415", "93000", "99232", "80053", "71046", "97110", "J1885"}
	dmeHCPCS  = []string{"E0601", "A4253", "E1390", "K0001", "A7030"}
	drgs      = []string{"470", "291", "871", "392", "194", "690"}
)

// value returns the text of column col for the row described by r.
func (g *generator) value(b []byte, col string, r *row) []byte {
	switch col {
	case "CUR_CLM_UNIQ_ID":
		return appendInt(b, r.claim)
	case "CLM_LINE_NUM":
		return appendInt(b, int64(r.line))
	case "BENE_MBI_ID", "CURRENT_BENE_MBI_ID":
		return append(b, r.bene...)
	case "CLM_TYPE_CD":
		return append(b, r.typ...)
	case "CLM_FROM_DT", "CLM_LINE_FROM_DT":
		return appendDate(b, r.from)
	case "CLM_THRU_DT", "CLM_LINE_THRU_DT", "CLM_LINE_INSTNL_REV_CTR_DT":
		return appendDate(b, r.thru)
	case "CLM_PMT_AMT", "CLM_LINE_CVRD_PD_AMT":
		return appendCents(b, r.cents)
	case "CLM_LINE_ALOWD_CHRG_AMT":
		return appendCents(b, r.cents*5/4)
	case "CLM_MDCR_INSTNL_TOT_CHRG_AMT":
		return appendCents(b, r.cents*3)
	case "CLM_ADJSMT_TYPE_CD":
		return append(b, r.adj)
	case "CLM_EFCTV_DT", "CLM_IDR_LD_DT":
		return appendDate(b, r.loaded)
	case "PRNCPL_DGNS_CD", "ADMTG_DGNS_CD", "CLM_LINE_DGNS_CD", "CLM_DGNS_1_CD":
		return append(b, diagnoses[g.rnd.IntN(len(diagnoses))]...)
	case "CLM_LINE_HCPCS_CD":
		if r.typ == "81" || r.typ == "82" {
			return append(b, dmeHCPCS[g.rnd.IntN(len(dmeHCPCS))]...)
		}
		return append(b, hcpcs[g.rnd.IntN(len(hcpcs))]...)
	case "DGNS_DRG_CD":
		if r.typ == "60" {
			return append(b, drgs[g.rnd.IntN(len(drgs))]...)
		}
	case "FAC_PRVDR_NPI_NUM", "RNDRG_PRVDR_NPI_NUM", "CLM_BLG_PRVDR_NPI_NUM", "PAYTO_PRVDR_NPI_NUM", "ATNDG_PRVDR_NPI_NUM":
		return appendInt(b, 1_000_000_000+int64(g.rnd.IntN(999_999_999)))
	case "PRVDR_OSCAR_NUM", "CLM_BLG_PRVDR_OSCAR_NUM":
		return appendInt(b, 100_000+int64(g.rnd.IntN(800_000)))
	case "CLM_LINE_SRVC_UNIT_QTY":
		return append(b, '1')
	case "CLM_POS_CD":
		return append(b, "11"...)
	case "DGNS_PRCDR_ICD_IND":
		return append(b, '0')
	case "ENROLLMENT_START_DATE":
		return appendDate(b, r.from)
	case "ENROLLMENT_END_DATE":
		return appendDate(b, r.thru)
	case "BENE_MEMBER_MONTH":
		return appendDate(b, r.loaded)
	case "FILE_NAME":
		return append(b, g.fileName...)
	case "FILE_DATE":
		return appendDate(b, g.fileDate)
	}
	return b
}
